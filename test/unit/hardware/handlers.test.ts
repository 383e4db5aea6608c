import { mkdtempSync, rmSync } from 'node:fs';
import { allowEveryCredential } from '../../../src/main/hardware/service';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import type { HardwareOptions } from '../../../src/main/app/hardware-setup';
import { get, sql } from '../../../src/main/db/sql';
import { buildMagtekReport } from '../../../src/shared/cards';
import { defaultHardwareSettings, type HardwareSettings } from '../../../src/shared/hardware/settings';
import type { SerialPortInfo } from '../../../src/shared/ipc/contract';
import { healthCard, payloads, recordEvents, testCpr, testCprMasked, waitForEvent, type Recorded } from '../../helpers/hardware';
import { fakeSerialPorts, testServices } from '../../helpers/services';
import { FakeClock } from '../../helpers/clock';
import { waitFor } from '../../helpers/eventually';
import { FakeHidBackend } from './readers/fake-hid';

const ctx = { host: 'web' } as const;
const running: AppServices[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const services of running.splice(0)) await services.shutdown();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function start(options: { hardware?: HardwareOptions; language?: 'sv' | 'da' | 'en'; ports?: SerialPortInfo[]; dataDir?: string } = {}) {
  const services = testServices({
    initialConfig: { language: options.language ?? 'en', name: 'Door 1' },
    serialPorts: fakeSerialPorts(options.ports ?? []),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    // The hardware path, not the access rules (test/unit/door, test/unit/kiosk/door-access-over-pty): every card opens.
    hardware: { hid: null, hotplugIntervalMs: 20, authorizer: () => allowEveryCredential, ...options.hardware },
  });
  running.push(services);
  const events = recordEvents(services);
  const call = async (channel: string, payload: unknown) => services.dispatcher.dispatch(channel, payload, ctx);
  const value = async <T>(channel: string, payload: unknown = {}): Promise<T> => {
    const result = await call(channel, payload);
    if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  return { services, events, call, value };
}

const swipe = `${healthCard.track1}${healthCard.track2}`;

describe('a fresh terminal', () => {
  it('runs the demo: a simulated door reader and a simulated relay, door locked', async () => {
    const { services, value } = start();
    await services.hardware.start();
    expect(await value<HardwareSettings>('hardware.getSettings')).toEqual(defaultHardwareSettings);
    expect(await value('hardware.status')).toEqual({
      readers: [{ id: 'door-reader', kind: 'simulated', role: 'door', profileId: 'dk-health-card', enabled: true, status: 'connected' }],
      relay: { kind: 'simulated', channels: 1, status: 'connected' },
      door: { state: 'locked', armed: true, alarms: [] },
    });
    const profiles = await value<{ id: string }[]>('hardware.profiles');
    expect(profiles.map((p) => p.id)).toEqual(expect.arrayContaining(['dk-health-card', 'library-card-codabar-14', 'rfid-iso15693-uid']));
  });

  it('opens the door for a card at the simulated door reader, and the view never sees the identity number', async () => {
    const { value, events } = start();
    expect(await value('hardware.simulateCard', { readerId: 'door-reader', text: swipe })).toBeNull();
    const read = await waitForEvent(events, 'hardware.read');
    expect(read).toMatchObject({
      readerId: 'door-reader',
      role: 'door',
      profileId: 'dk-health-card',
      credential: { kind: 'identity', value: testCprMasked, identityKind: 'dk-cpr' },
      initials: 'M. T.',
      access: { allowed: true, opened: true },
    });
    await waitForEvent(events, 'hardware.door', (d) => d.state === 'unlocked' && d.cause === 'pulse');
    const raw = payloads(events, 'hardware.raw')[0];
    expect(raw?.length).toBe(swipe.length);
    expect(JSON.stringify(events)).not.toContain(testCpr);
    expect(JSON.stringify(events)).not.toContain(Buffer.from(testCpr).toString('hex').toUpperCase().match(/../g)!.join(' '));
  });

  it('pulses the door on request and reports it', async () => {
    const { value, events, services } = start();
    await services.hardware.start();
    const from = events.length;
    expect(await value('hardware.testPulse')).toEqual({ openMs: 5000 });
    await waitForEvent(events, 'hardware.door', (d) => d.state === 'unlocked', from);
  });
});

describe('reader settings', () => {
  it('are refused with localized field errors, and nothing changes', async () => {
    const { call, value, services } = start({ language: 'da' });
    const before = await value<HardwareSettings>('hardware.getSettings');
    const result = await call('hardware.applyReaders', {
      readers: [{ id: 'r1', kind: 'serial', role: 'door', profileId: 'dk-health-card', path: '/dev/ttyACM0', stripPrefix: 'zz' }],
    });
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'validation',
        code: 'hardware.error.invalid',
        message: 'Indstillingerne indeholder fejl; intet blev ændret.',
        issues: [{ path: 'readers.0.stripPrefix', message: 'Hex-byte, for eksempel 0D0A.' }],
      },
    });
    // The contract refuses an unknown kind before the readers' schema sees it; zod's message is Danish too.
    const unknownKind = await call('hardware.applyReaders', { readers: [{ id: 'r1', kind: 'bluetooth', role: 'door', profileId: 'dk-health-card' }] });
    expect(unknownKind).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'readers.0.kind' }] } });
    expect(await value('hardware.getSettings')).toEqual(before);
    expect(get(services.db, sql`SELECT count(*) AS n FROM hardware_settings`)).toEqual({ n: 0 });
    expect((await value<{ readers: unknown[] }>('hardware.status')).readers).toHaveLength(1);
  });

  it('are stored, applied, and survive a restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lanedisk-hw-'));
    dirs.push(dataDir);
    const first = start({ dataDir });
    const readers = [
      { id: 'front', kind: 'simulated', role: 'door', profileId: 'dk-health-card' },
      { id: 'desk', kind: 'simulated', role: 'desk', profileId: 'library-card-barcode', name: 'Desk scanner' },
    ];
    const saved = await first.value<HardwareSettings>('hardware.applyReaders', { readers });
    expect(saved.readers).toEqual(readers);
    await waitForEvent(first.events, 'hardware.settingsChanged');
    await first.value('hardware.setOpeningHours', {
      openingHours: { weekly: { ...defaultHardwareSettings.openingHours.weekly, sun: [] }, exceptions: [{ date: '2026-12-24', intervals: [], note: 'Christmas Eve' }] },
    });
    const status = await first.value<{ readers: { id: string; status: string }[] }>('hardware.status');
    expect(status.readers.map((r) => [r.id, r.status])).toEqual([
      ['front', 'connected'],
      ['desk', 'connected'],
    ]);
    await first.services.shutdown();
    running.splice(running.indexOf(first.services), 1);

    const second = start({ dataDir });
    await second.services.hardware.start();
    const settings = await second.value<HardwareSettings>('hardware.getSettings');
    expect(settings.readers).toEqual(readers);
    expect(settings.openingHours.weekly.sun).toEqual([]);
    expect(settings.openingHours.exceptions).toEqual([{ date: '2026-12-24', intervals: [], note: 'Christmas Eve' }]);
    expect((await second.value<{ readers: { id: string }[] }>('hardware.status')).readers.map((r) => r.id)).toEqual(['front', 'desk']);
  });

  it('a read at a desk reader is shown but opens nothing', async () => {
    const { value, events } = start();
    await value('hardware.applyReaders', { readers: [{ id: 'desk', kind: 'simulated', role: 'desk', profileId: 'library-card-barcode' }] });
    await value('hardware.simulateCard', { readerId: 'desk', text: 'A12345678B' });
    const read = await waitForEvent(events, 'hardware.read');
    expect(read).toMatchObject({ readerId: 'desk', role: 'desk', credential: { kind: 'library-card', value: '12345678' } });
    expect(read.access).toBeUndefined();
    expect(payloads(events, 'hardware.door').filter((d) => d.cause === 'pulse')).toEqual([]);
  });

  it('reports what could not be decoded, by reason', async () => {
    const { value, events } = start();
    await value('hardware.simulateCard', { readerId: 'door-reader', text: 'hello' });
    expect(await waitForEvent(events, 'hardware.readError')).toMatchObject({ readerId: 'door-reader', reason: 'no-track-data' });
    expect(payloads(events, 'hardware.read')).toEqual([]);
  });
});

describe('door and relay settings', () => {
  it('validate the channel against the board and the door timings', async () => {
    const { call } = start({ language: 'sv' });
    const result = await call('hardware.applyDoor', {
      relay: { kind: 'lcus', port: { path: '/dev/ttyUSB0' } },
      door: { ...defaultHardwareSettings.door, channel: 2 },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { message: 'Inställningarna innehåller fel; ingenting ändrades.', issues: [{ path: 'door.channel', message: expect.stringContaining('kanal') }] },
    });
  });

  it('without a relay, a door read is refused to open with a reason and a test pulse says there is no relay', async () => {
    const { value, call, events } = start();
    await value('hardware.applyDoor', { relay: null, door: defaultHardwareSettings.door });
    expect((await value<{ relay: unknown; door: unknown }>('hardware.status'))).toMatchObject({ relay: null, door: null });
    await value('hardware.simulateCard', { readerId: 'door-reader', text: swipe });
    expect((await waitForEvent(events, 'hardware.read')).access).toEqual({ allowed: true, opened: false, failure: 'no-relay' });
    expect(await call('hardware.testPulse', {})).toMatchObject({ ok: false, error: { kind: 'unavailable', message: 'No door relay is configured.' } });
  });

  it('uses the injected authorizer (the seam for the access rules)', async () => {
    const seen: string[] = [];
    const { value, events } = start({
      hardware: {
        authorizer: () => (credential) => {
          seen.push(credential.kind);
          return { allow: false, reason: 'outside-opening-hours' };
        },
      },
    });
    await value('hardware.simulateCard', { readerId: 'door-reader', text: swipe });
    expect((await waitForEvent(events, 'hardware.read')).access).toEqual({ allowed: false, reason: 'outside-opening-hours', opened: false });
    expect(seen).toEqual(['identity']);
    expect(payloads(events, 'hardware.door').filter((d) => d.cause === 'pulse')).toEqual([]);
  });

  it('reports a simulated relay unplugged and back, and a pulse that cannot reach it', async () => {
    const { value, call, events, services } = start();
    await services.hardware.start();
    await value('hardware.simulateDevice', { target: 'relay', connected: false });
    await waitForEvent(events, 'hardware.relayStatus', (s) => s.status === 'disconnected');
    expect(await call('hardware.testPulse', {})).toMatchObject({ ok: false, error: { kind: 'unavailable', code: 'hardware.pulse.relayError' } });
    await value('hardware.simulateDevice', { target: 'relay', connected: true });
    await waitForEvent(events, 'hardware.relayStatus', (s) => s.status === 'connected');
    expect(await call('hardware.testPulse', {})).toMatchObject({ ok: true });

    await value('hardware.simulateDevice', { target: 'reader', readerId: 'door-reader', connected: false });
    await waitForEvent(events, 'hardware.readerStatus', (s) => s.status === 'disconnected');
    expect(await call('hardware.simulateDevice', { target: 'reader', readerId: 'nope', connected: false })).toMatchObject({
      ok: false,
      error: { kind: 'not-found', code: 'hardware.simulate.noReader' },
    });
  });

  it('raises forced and held-open alarms from the door contact', async () => {
    const clock = new FakeClock();
    const { value, events, services } = start({ hardware: { clock } });
    await services.hardware.start();
    await clock.advance(2000); // past the grace time after locking
    await value('hardware.simulateDoorContact', { state: 'open' });
    await waitForEvent(events, 'hardware.doorAlarm', (a) => a.alarm === 'forced' && a.active);
    await value('hardware.simulateDoorContact', { state: 'closed' });
    await waitForEvent(events, 'hardware.doorAlarm', (a) => a.alarm === 'forced' && !a.active);

    // Admitted, but left open: held-open 30 s after the door relocked.
    await value('hardware.testPulse');
    await value('hardware.simulateDoorContact', { state: 'open' });
    await clock.advance(5000);
    await waitForEvent(events, 'hardware.door', (d) => d.state === 'locked' && d.cause === 'pulse-end');
    await clock.advance(29_000);
    expect(payloads(events, 'hardware.doorAlarm').filter((a) => a.alarm === 'held-open')).toEqual([]);
    await clock.advance(2000);
    await waitForEvent(events, 'hardware.doorAlarm', (a) => a.alarm === 'held-open' && a.active);
    expect((await value<{ door: { alarms: string[] } }>('hardware.status')).door.alarms).toEqual(['held-open']);
    // The feed loop kept the watchdog quiet all along.
    expect(payloads(events, 'hardware.doorAlarm').filter((a) => a.alarm === 'watchdog')).toEqual([]);
  });
});

describe('settings file', () => {
  it('round-trips through export and import', async () => {
    const { value, events } = start();
    const file = await value<{ fileName: string; text: string }>('hardware.exportSettings');
    expect(file.fileName).toBe('lanedisk-hardware-2026-11-25.json');
    const json = JSON.parse(file.text) as { terminal: string; settings: HardwareSettings };
    expect(json.terminal).toBe('Door 1');
    json.settings.readers = [{ id: 'imported', kind: 'simulated', role: 'kiosk', profileId: 'library-card-barcode' }];
    json.settings.door.openTimeMs = 3000;
    const imported = await value<HardwareSettings>('hardware.importSettings', { text: JSON.stringify(json) });
    expect(imported.readers.map((r) => r.id)).toEqual(['imported']);
    expect(imported.door.openTimeMs).toBe(3000);
    await waitForEvent(events, 'hardware.settingsChanged', (s) => s.readers[0]?.id === 'imported');
    // The import's steps as progress on the technician screen (the fixed test clock leaves the first and the last).
    expect(payloads(events, 'progress')).toEqual([
      { task: 'settings.import', done: 0, total: 3, remainingMs: null, finished: false },
      { task: 'settings.import', done: 3, total: 3, remainingMs: 0, finished: true, outcome: 'done' },
    ]);
    expect((await value<{ readers: { id: string; status: string }[] }>('hardware.status')).readers).toEqual([
      expect.objectContaining({ id: 'imported', status: 'connected' }),
    ]);
  });

  it('refuses a bad file with a clear error and changes nothing', async () => {
    const { value, call, services, events } = start();
    const before = await value<HardwareSettings>('hardware.getSettings');
    const exported = JSON.parse((await value<{ text: string }>('hardware.exportSettings')).text) as { settings: HardwareSettings };

    const notJson = await call('hardware.importSettings', { text: 'readers: []' });
    expect(notJson).toMatchObject({ ok: false, error: { kind: 'validation', message: 'The file is not a settings file: it is not valid JSON.' } });
    const wrongFile = await call('hardware.importSettings', { text: '{"name": "package.json"}' });
    expect(wrongFile).toMatchObject({ ok: false, error: { message: 'The file is not a Lånedisk hardware settings file.' } });

    // One bad value deep inside: nothing at all is applied, not even the valid readers change.
    const broken = structuredClone(exported);
    broken.settings.readers = [{ id: 'new', kind: 'simulated', role: 'door', profileId: 'dk-health-card' }];
    broken.settings.openingHours.weekly.mon = [{ from: '09:00', to: '25:00' }];
    const invalid = await call('hardware.importSettings', { text: JSON.stringify(broken) });
    expect(invalid).toEqual({
      ok: false,
      error: {
        kind: 'validation',
        code: 'hardware.import.invalid',
        message: 'The settings file has errors; nothing was changed.',
        issues: [{ path: 'openingHours.weekly.mon.0.to', message: 'A time as HH:MM, e.g. 08:30.' }],
      },
    });
    expect(await value('hardware.getSettings')).toEqual(before);
    expect(get(services.db, sql`SELECT count(*) AS n FROM hardware_settings`)).toEqual({ n: 0 });
    // Each refused import ends its progress as failed: two at reading the file, the third at checking it.
    expect(payloads(events, 'progress').filter((p) => p.finished)).toEqual(
      [0, 0, 1].map((done) => ({ task: 'settings.import', done, total: 3, remainingMs: 0, finished: true, outcome: 'failed' })),
    );
  });
});

describe('devices', () => {
  it('lists serial and HID devices, classified, and reports hot-plug', async () => {
    const ports: SerialPortInfo[] = [{ path: '/dev/ttyUSB0', manufacturer: '1a86', vendorId: '1a86', productId: '7523' }];
    const hid = new FakeHidBackend([
      { path: '/dev/hidraw0', vendorId: 0x0801, productId: 0x0002, product: 'USB Swipe Reader', manufacturer: 'Mag-Tek' },
      { path: '/dev/hidraw1', vendorId: 0x16c0, productId: 0x05df, product: 'USBRelay2' },
    ]);
    const { value, events } = start({ ports, hardware: { hid } });
    const devices = await value<{ id: string; kind: string; vendorId?: number; relayChannels?: number }[]>('hardware.discover', { refresh: true });
    expect(devices.map((d) => [d.id, d.kind])).toEqual([
      ['hid:/dev/hidraw0', 'magtek-card-reader'],
      ['hid:/dev/hidraw1', 'usb-hid-relay'],
      ['serial:/dev/ttyUSB0', 'ch340-serial'],
    ]);
    expect(devices[1]?.relayChannels).toBe(2);

    const from = events.length;
    ports.push({ path: '/dev/ttyACM0', vendorId: '0c2e', productId: '0b61', manufacturer: 'Honeywell' });
    hid.unplug('/dev/hidraw1');
    const added = await waitForEvent(events, 'hardware.device', (e) => e.type === 'added', from);
    expect(added.device).toMatchObject({ id: 'serial:/dev/ttyACM0', kind: 'honeywell-scanner', use: 'card-reader' });
    const removed = await waitForEvent(events, 'hardware.device', (e) => e.type === 'removed', from);
    expect(removed.device.id).toBe('hid:/dev/hidraw1');
  });

  it('reads a health card from a MagTek HID reader', async () => {
    const hid = new FakeHidBackend([{ path: '/dev/hidraw0', vendorId: 0x0801, productId: 0x0002, product: 'USB Swipe Reader' }]);
    const { value, events } = start({ hardware: { hid } });
    await value('hardware.applyReaders', { readers: [{ id: 'magtek', kind: 'hid', role: 'door', profileId: 'dk-health-card', vendorId: '0801', productId: '0002' }] });
    await waitForEvent(events, 'hardware.readerStatus', (s) => s.readerId === 'magtek' && s.status === 'connected');
    hid.deliver('/dev/hidraw0', buildMagtekReport({ track1: healthCard.track1, track2: healthCard.track2 }));
    const read = await waitForEvent(events, 'hardware.read');
    expect(read).toMatchObject({ readerId: 'magtek', credential: { value: testCprMasked }, access: { opened: true } });
    expect(payloads(events, 'hardware.raw')[0]?.length).toBe(337);
    expect(JSON.stringify(events)).not.toContain(testCpr);
  });
});

describe('keyboard wedge', () => {
  async function type(call: (c: string, p: unknown) => Promise<unknown>, text: string, gapMs: number, startMs: number) {
    let t = startMs;
    for (const key of [...text, 'Enter']) {
      await call('hardware.keystroke', { key, timeMs: t });
      t += gapMs;
    }
  }

  it('turns a fast burst of keystrokes into a read and a person’s typing into a refusal', async () => {
    const { value, call, events } = start();
    await value('hardware.applyReaders', { readers: [{ id: 'wedge', kind: 'wedge', role: 'desk', profileId: 'library-card-barcode' }] });
    await waitForEvent(events, 'hardware.readerStatus', (s) => s.readerId === 'wedge' && s.status === 'connected');
    await type(call, '12345678', 8, 1000);
    expect(await waitForEvent(events, 'hardware.read')).toMatchObject({ readerId: 'wedge', credential: { kind: 'library-card', value: '12345678' } });
    await type(call, '87654321', 180, 5000);
    expect(await waitForEvent(events, 'hardware.readError')).toMatchObject({ readerId: 'wedge', reason: 'keys-too-slow' });
    expect(payloads(events, 'hardware.read')).toHaveLength(1);
  });
});

describe('close', () => {
  it('is safe before, during and after start', async () => {
    const { services } = start({ hardware: { autoStart: false } });
    await services.shutdown();
    running.splice(running.indexOf(services), 1);
    const again = start();
    const starting = again.services.hardware.start();
    await again.services.shutdown();
    await starting;
    running.splice(running.indexOf(again.services), 1);
    expect(again.services.db.open).toBe(false);
  });

  it('keeps events from the renderer honest: every hardware event matches the contract', async () => {
    const { value, events } = start();
    await value('hardware.simulateCard', { readerId: 'door-reader', text: swipe });
    await waitForEvent(events, 'hardware.read');
    await waitFor(() => events.some((e: Recorded) => e.event === 'hardware.door'), 'a door event');
    const { eventContract } = await import('../../../src/shared/ipc/contract');
    for (const e of events) expect(eventContract[e.event].safeParse(e.payload).success, e.event).toBe(true);
  });
});
