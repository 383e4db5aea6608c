import { Button } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Ends an unattended session: after `idleSeconds - warnSeconds` without a key
 * or touch it asks "are you still there?", then calls onTimeout.
 */
export function IdleGuard({ idleSeconds, warnSeconds = 20, active, onTimeout }: { idleSeconds: number; warnSeconds?: number; active: boolean; onTimeout: () => void }) {
  const { t } = useTranslation();
  const last = useRef(0);
  const [left, setLeft] = useState<number | undefined>();
  useEffect(() => {
    if (!active) return;
    last.current = Date.now();
    const touch = () => {
      last.current = Date.now();
      setLeft(undefined);
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, touch);
    const timer = setInterval(() => {
      const remaining = Math.ceil(idleSeconds - (Date.now() - last.current) / 1000);
      if (remaining <= 0) {
        setLeft(undefined);
        onTimeout();
      } else setLeft(remaining <= warnSeconds ? remaining : undefined);
    }, 1000);
    return () => {
      clearInterval(timer);
      for (const e of events) window.removeEventListener(e, touch);
    };
  }, [active, idleSeconds, warnSeconds, onTimeout]);
  if (left === undefined) return null;
  return (
    <div role="alertdialog" aria-labelledby="idle-text" className="idle-warning">
      <p id="idle-text">{t('kiosk.idle.warning', { seconds: left })}</p>
      <Button size="xl" autoFocus>
        {t('kiosk.idle.stay')}
      </Button>
    </div>
  );
}
