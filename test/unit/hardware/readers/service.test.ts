import { afterEach, describe, expect, it } from 'vitest';
import { decodeWithProfile, findBuiltinProfile, type Credential } from '../../../../src/shared/cards';
import { createReaderService, createSystemSerialOpener, type Decode, type ReaderConfigInput, type ReaderServiceEvent } from '../../../../src/main/hardware/readers';
import { silentLogger } from '../../../helpers/logger';
import { createPtyPair } from '../../../helpers/pty';
import { FakeHidBackend, loadHidFixture } from './fake-hid';
import { healthCardCpr, healthCardSwipe, openDeviceEnd, testDecode, type TestCredential } from './helpers';
import { FakeClock } from '../../../helpers/clock';
import { waitFor } from '../../../helpers/eventually';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const simulated = { kind: 'simulated', id: 'door-sim', role: 'door', profileId: 'test' } as const satisfies ReaderConfigInput;
const wedge = { kind: 'wedge', id: 'kiosk-wedge', role: 'kiosk', profileId: 'test' } as const satisfies ReaderConfigInput;

function service(extra: { hidBackend?: FakeHidBackend } = {}) {
  const timers = new FakeClock();
  const readers = createReaderService<TestCredential>({
    log: silentLogger,
    decoderFor: (id) => (id === 'test' ? testDecode : undefined),
    timers,
    backoff: { initialMs: 20, maxMs: 80 },
    ...extra,
  });
  const events: ReaderServiceEvent<TestCredential>[] = [];
  readers.onEvent((e) => events.push(e));
  cleanups.push(() => readers.stop());
  return { readers, events, timers };
}

describe('reader service', () => {
  it('starts readers from a config list and tags their events with reader id and role', async () => {
    const { readers, events } = service();
    await expect(readers.apply([simulated, wedge])).resolves.toEqual({ ok: true, started: ['door-sim', 'kiosk-wedge'], stopped: [] });
    expect(readers.simulate('door-sim', { type: 'text', text: '0123456789' })).toBe(true);
    [...'98765432'].forEach((key, i) => readers.keystroke({ key, timeMs: 100 + i * 10 }));
    readers.keystroke({ key: 'Enter', timeMs: 180 });
    expect(events).toEqual([
      { type: 'status', readerId: 'door-sim', status: 'connected' },
      { type: 'status', readerId: 'kiosk-wedge', status: 'connected' },
      { type: 'raw', readerId: 'door-sim', bytes: '30313233343536373839' },
      { type: 'read', readerId: 'door-sim', role: 'door', credential: { kind: 'library-card', value: '0123456789' } },
      { type: 'raw', readerId: 'kiosk-wedge', bytes: '3938373635343332' },
      { type: 'read', readerId: 'kiosk-wedge', role: 'kiosk', credential: { kind: 'library-card', value: '98765432' } },
    ]);
    expect(readers.list()).toEqual([
      { id: 'door-sim', kind: 'simulated', role: 'door', profileId: 'test', enabled: true, status: 'connected' },
      { id: 'kiosk-wedge', kind: 'wedge', role: 'kiosk', profileId: 'test', enabled: true, status: 'connected' },
    ]);
  });

  it('restarts changed readers, stops removed ones, leaves the rest alone, and refuses an invalid list', async () => {
    const { readers, events } = service();
    await readers.apply([simulated, wedge]);
    events.length = 0;
    const result = await readers.apply([{ ...simulated, role: 'kiosk' }]);
    expect(result).toEqual({ ok: true, started: ['door-sim'], stopped: ['door-sim', 'kiosk-wedge'] });
    readers.simulate('door-sim', { type: 'text', text: '0123456789' });
    expect(events.filter((e) => e.type === 'read')).toEqual([
      { type: 'read', readerId: 'door-sim', role: 'kiosk', credential: { kind: 'library-card', value: '0123456789' } },
    ]);
    expect(events.filter((e) => e.type === 'status' && e.status === 'disconnected').map((e) => e.readerId).sort()).toEqual(['door-sim', 'kiosk-wedge']);

    const invalid = await readers.apply([{ ...simulated, role: 'lobby' } as unknown as ReaderConfigInput]);
    expect(invalid.ok).toBe(false);
    expect(!invalid.ok && invalid.issues[0]?.path).toBe('0.role');
    expect(readers.list().map((r) => r.role)).toEqual(['kiosk']);

    await readers.apply([{ ...simulated, role: 'kiosk', enabled: false }]);
    expect(readers.list()).toMatchObject([{ id: 'door-sim', enabled: false, status: 'disconnected' }]);
    expect(readers.simulate('door-sim', { type: 'text', text: '1' })).toBe(false);
  });

  it('reports an unknown profile and a HID reader without a backend as errors', async () => {
    const { readers, events } = service();
    await readers.apply([
      { ...simulated, profileId: 'no-such-profile' },
      { kind: 'hid', id: 'magtek', role: 'kiosk', profileId: 'test', vendorId: 0x0801, productId: 2 },
    ]);
    expect(events).toEqual([
      { type: 'status', readerId: 'door-sim', status: 'error' },
      { type: 'error', readerId: 'door-sim', reason: 'unknown-profile' },
      { type: 'status', readerId: 'magtek', status: 'error' },
      { type: 'error', readerId: 'magtek', reason: 'hid-unavailable' },
    ]);
    expect(readers.list().map((r) => r.status)).toEqual(['error', 'error']);
  });

  it('runs a HID reader and forwards its hot-plug status changes', async () => {
    const fixture = loadHidFixture('magtek-dk-health-card.json');
    const hidBackend = new FakeHidBackend([fixture.device]);
    const { readers, events, timers } = service({ hidBackend });
    await readers.apply([{ kind: 'hid', id: 'magtek', role: 'kiosk', profileId: 'test', vendorId: 0x0801, productId: 2 }]);
    hidBackend.unplug(fixture.device.path);
    hidBackend.plug(fixture.device);
    await timers.advance(20);
    hidBackend.deliver(fixture.device.path, fixture.reports[0] ?? new Uint8Array());
    expect(events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? e.status : ''))).toEqual(['connected', 'disconnected', 'connected']);
    expect(events.find((e) => e.type === 'read')).toEqual({ type: 'read', readerId: 'magtek', role: 'kiosk', credential: { kind: 'identity', value: healthCardCpr } });
    const raw = events.find((e) => e.type === 'raw');
    expect(raw?.type === 'raw' && raw.bytes).toMatch(/^[0-9A-F]{674}$/);
  });

  it('runs a serial reader over a pty', async () => {
    const pair = await createPtyPair();
    cleanups.push(() => pair.close());
    const readers = createReaderService<TestCredential>({ log: silentLogger, decoderFor: () => testDecode, serialOpener: createSystemSerialOpener() });
    cleanups.push(() => readers.stop());
    const events: ReaderServiceEvent<TestCredential>[] = [];
    readers.onEvent((e) => events.push(e));
    await readers.apply([{ kind: 'serial', id: 'desk-serial', role: 'desk', profileId: 'test', path: pair.app }]);
    await waitFor(() => readers.list()[0]?.status === 'connected', 'connected');
    const device = await openDeviceEnd(pair.device);
    cleanups.push(() => device.close());
    await device.write(`${healthCardSwipe}\r\n`);
    await waitFor(() => events.some((e) => e.type === 'read'), 'a read');
    expect(events.find((e) => e.type === 'read')).toEqual({ type: 'read', readerId: 'desk-serial', role: 'desk', credential: { kind: 'identity', value: healthCardCpr } });
  });
});

describe('reader service with the real card decoder (src/shared/cards)', () => {
  it('decodes the recorded MagTek swipe, a serial-style swipe and a wedge barcode with built-in profiles', async () => {
    const decoderFor = (id: string): Decode<Credential> | undefined => {
      const profile = findBuiltinProfile(id);
      return profile ? (input) => decodeWithProfile(profile, input, { today: '2026-11-25' }) : undefined;
    };
    const fixture = loadHidFixture('magtek-dk-health-card.json');
    const hidBackend = new FakeHidBackend([fixture.device]);
    const readers = createReaderService<Credential>({ log: silentLogger, decoderFor, hidBackend });
    cleanups.push(() => readers.stop());
    const events: ReaderServiceEvent<Credential>[] = [];
    readers.onEvent((e) => events.push(e));
    await readers.apply([
      { kind: 'hid', id: 'magtek', role: 'door', profileId: 'dk-health-card', vendorId: '0x0801', productId: '0x0002' },
      { kind: 'simulated', id: 'sim', role: 'desk', profileId: 'dk-health-card' },
      { kind: 'wedge', id: 'scanner', role: 'kiosk', profileId: 'library-card-barcode' },
    ]);
    hidBackend.deliver(fixture.device.path, fixture.reports[0] ?? new Uint8Array());
    hidBackend.deliver(fixture.device.path, loadHidFixture('magtek-short-report.json').reports[0] ?? new Uint8Array());
    readers.simulate('sim', { type: 'text', text: healthCardSwipe });
    [...'A1234567B'].forEach((key, i) => readers.keystroke({ key, timeMs: i * 8 }));
    readers.keystroke({ key: 'Enter', timeMs: 80 });

    const credentials = events.flatMap((e) => (e.type === 'read' ? [{ readerId: e.readerId, kind: e.credential.kind, value: e.credential.value }] : []));
    expect(credentials).toHaveLength(3);
    expect(credentials).toEqual([
      { readerId: 'magtek', kind: 'identity', value: healthCardCpr },
      { readerId: 'sim', kind: 'identity', value: healthCardCpr },
      // Codabar start/stop characters (A…B) are stripped (SPEC 4).
      { readerId: 'scanner', kind: 'library-card', value: '1234567' },
    ]);
    const nameOnCard = events.find((e) => e.type === 'read' && e.readerId === 'magtek');
    expect(nameOnCard?.type === 'read' && nameOnCard.credential.name).toEqual({ surname: 'TESTESEN', given: 'MARIE' });
    // The built-in profile reads bytes in 'auto' mode: a truncated report is not recognised as MagTek at all.
    expect(events.flatMap((e) => (e.type === 'error' ? [[e.readerId, e.reason]] : []))).toEqual([['magtek', 'no-track-data']]);
  });
});
