import { useEffect, useState } from 'react';
import type { HardwareSettings } from '../../../shared/hardware/settings';
import { bridge } from '../bridge';

function hasWedgeReader(settings: HardwareSettings): boolean {
  return settings.readers.some((reader) => reader.kind === 'wedge' && reader.enabled !== false);
}

/**
 * Keyboard-wedge readers type into the page: while one is configured, every keystroke goes to main
 * ('hardware.keystroke'), whose burst detector tells a reader's fast typing from a person's.
 * Keys typed into password fields are never sent.
 */
export function WedgeForwarder() {
  const [active, setActive] = useState(false);

  useEffect(() => {
    let alive = true;
    void bridge.invoke('hardware.getSettings', {}).then((result) => {
      if (alive && result.ok) setActive(hasWedgeReader(result.value));
    });
    const off = bridge.subscribe('hardware.settingsChanged', (settings) => setActive(hasWedgeReader(settings)));
    return () => {
      alive = false;
      off();
    };
  }, []);

  useEffect(() => {
    if (!active) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement && event.target.type === 'password') return;
      if (event.key.length === 0 || event.key.length > 32) return;
      void bridge.invoke('hardware.keystroke', { key: event.key, timeMs: event.timeStamp });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [active]);

  return null;
}
