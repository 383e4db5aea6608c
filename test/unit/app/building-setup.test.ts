import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppEvents } from '../../../src/main/app/events';
import { setUpBuilding } from '../../../src/main/app/building-setup';
import type { BuildingHardwareEvent, HardwareService } from '../../../src/main/hardware/service';
import { createTranslator } from '../../../src/main/ipc/translator';
import { BuildingSettingsSchema, type BuildingSettingsInput } from '../../../src/shared/door/building';
import { defaultHardwareSettings } from '../../../src/shared/hardware/settings';
import type { Language } from '../../../src/shared/ipc/contract';
import { ScheduleSchema } from '../../../src/shared/door/schedule';
import { silentLogger } from '../../helpers/logger';
import { doorDatabase, usualHours } from '../door/helpers';

afterEach(() => {
  vi.useRealTimers();
});

/** The app's building on a terminal in `mode`, with the time under the test's control (fake timers, a settable now). */
function building(mode: string, language: Language, input: BuildingSettingsInput = {}) {
  vi.useFakeTimers();
  let now = Date.parse('2026-01-14T19:44:58Z'); // Stockholm 20:44:58, closes 21:00
  vi.setSystemTime(now);
  const events = new AppEvents();
  const announcements: unknown[] = [];
  events.forward((event, payload) => {
    if (event === 'kiosk.announcement') announcements.push(payload);
  });
  const listeners = new Set<(event: BuildingHardwareEvent) => void>();
  const writes: [number, boolean][] = [];
  const settings = { ...defaultHardwareSettings, building: BuildingSettingsSchema.parse(input) };
  const hardware: Pick<HardwareService, 'current' | 'setOutput' | 'lockDoor' | 'onBuildingEvent'> = {
    current: () => ({ settings, readers: [], relay: null, door: null }),
    setOutput: (channel, on) => {
      writes.push([channel, on]);
      return Promise.resolve(true);
    },
    lockDoor: () => Promise.resolve(true),
    onBuildingEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const db = doorDatabase();
  const setup = setUpBuilding({
    db,
    now: () => new Date(now),
    log: silentLogger,
    events,
    translator: createTranslator(),
    language: () => language,
    mode: () => mode,
    hardware,
    schedule: () => ScheduleSchema.parse(usualHours()),
    heldOpenUntil: () => null,
    scope: () => ({ libraryId: 'malmo', branchId: 'malmo-centrum' }),
    staff: () => undefined,
  });
  const advance = async (ms: number) => {
    now += ms;
    await vi.advanceTimersByTimeAsync(ms);
  };
  const exit = () => listeners.forEach((l) => l({ type: 'exit' }));
  return { setup, announcements, writes, advance, exit, db };
}

describe('the building in the app', () => {
  it('announces the closing on a kiosk in the terminal’s language, with the site’s own text where it has one', async () => {
    const b = building('kiosk', 'sv', { announcements: { texts: { da: 'Vi lukker om {{minutes}} minutter.' } } });
    await b.setup.service.start();
    await b.advance(5000);
    expect(b.announcements).toEqual([{ text: 'Biblioteket stänger om 15 minuter. Ta med dig dina saker och gå ut genom huvudentrén.', language: 'sv', minutesBefore: 15 }]);
    b.setup.stop();

    const da = building('kiosk', 'da', { announcements: { texts: { da: 'Vi lukker om {{minutes}} minutter.' } } });
    await da.setup.service.start();
    await da.advance(5000);
    expect(da.announcements).toEqual([{ text: 'Vi lukker om 15 minutter.', language: 'da', minutesBefore: 15 }]);
    da.setup.stop();
  });

  it('counts exits only on a door, reports the estimate only there, and drives no outputs on a desk', async () => {
    const outputs = [{ function: 'lights' as const, channel: 2 }];
    const door = building('door', 'en', { outputs });
    await door.setup.service.start();
    door.setup.service.entry();
    door.setup.service.entry();
    door.exit();
    expect(door.setup.control.occupancy()).toBe(1);
    expect(door.writes).toEqual([[2, true]]);
    door.setup.stop();

    const desk = building('desk', 'en', { outputs });
    await desk.setup.service.start();
    await desk.advance(5000);
    expect(desk.writes).toEqual([]);
    expect(desk.announcements).toEqual([]);
    expect(desk.setup.control.occupancy()).toBeUndefined();
    desk.setup.stop();
  });

  it('refuses a test of a channel that is no output, and a lock-up change when none runs', async () => {
    const b = building('technician', 'en', { outputs: [{ function: 'lights', channel: 2 }] });
    await b.setup.service.start();
    expect(await b.setup.control.test(3, true)).toMatchObject({ ok: false, error: { code: 'door.building.error.noOutput' } });
    expect(await b.setup.control.test(2, false)).toMatchObject({ ok: true });
    expect(b.writes.at(-1)).toEqual([2, false]);
    expect(b.setup.control.lockUp({ action: 'cancel' })).toMatchObject({ ok: false, error: { code: 'door.building.error.noLockUp' } });
    b.setup.stop();
  });
});
