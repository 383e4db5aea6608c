import { describe, expect, it } from 'vitest';
import { createHidReader, findHidDevice, HidReaderConfigSchema, type HidReaderConfigInput, type ReaderEvent } from '../../../../src/main/hardware/readers';
import { silentLogger } from '../../../helpers/logger';
import { FakeHidBackend, loadHidFixture } from './fake-hid';
import { collect, errors, reads, statuses, testDecode, type TestCredential } from './helpers';
import { FakeClock } from '../../../helpers/clock';

const swipe = loadHidFixture('magtek-dk-health-card.json');
const short = loadHidFixture('magtek-short-report.json');
const track2Error = loadHidFixture('magtek-track2-error.json');
const packets = loadHidFixture('magtek-64-byte-packets.json');

function setup(overrides: Partial<HidReaderConfigInput> = {}, devices = [swipe.device]) {
  const backend = new FakeHidBackend(devices);
  const timers = new FakeClock();
  const config = HidReaderConfigSchema.parse({ kind: 'hid', id: 'kiosk-magtek', role: 'kiosk', profileId: 'test', vendorId: '0x0801', productId: 2, ...overrides });
  const reader = createHidReader({ config, decode: testDecode, backend, log: silentLogger, timers, backoff: { initialMs: 50, maxMs: 200 } });
  const events: ReaderEvent<TestCredential>[] = collect(reader);
  return { backend, timers, reader, events };
}

describe('recorded HID fixtures', () => {
  it('are what they claim: a 337-byte MagTek report carrying the card, and a short one', () => {
    const [report] = swipe.reports;
    expect(report?.length).toBe(337);
    expect(swipe.device).toMatchObject({ vendorId: 0x0801, productId: 0x0002 });
    expect([report?.[3], report?.[4], report?.[5]]).toEqual([swipe.expected.track1Length, swipe.expected.track2Length, 0]);
    expect(Buffer.from(report?.subarray(117, 117 + 39) ?? []).toString('latin1')).toContain(String(swipe.expected.cpr));
    expect(short.reports[0]?.length).toBe(64);
    expect(packets.reports.map((r) => r.length)).toEqual([64, 64, 64, 64, 64, 64]);
  });
});

describe('raw HID reader', () => {
  it('opens the MagTek by vendor/product id and decodes a recorded swipe', async () => {
    const { backend, reader, events } = setup();
    reader.start();
    expect(reader.status()).toBe('connected');
    backend.deliver(swipe.device.path, swipe.reports[0] ?? new Uint8Array());
    expect(reads(events)).toEqual([{ kind: 'identity', value: swipe.expected.cpr }]);
    const raw = events.find((e) => e.type === 'raw');
    expect(raw?.type === 'raw' && raw.bytes.length).toBe(337);
    await reader.stop();
    expect(backend.isOpen(swipe.device.path)).toBe(false);
  });

  it('reports a malformed short report and a track read error, and keeps reading', async () => {
    const { backend, reader, events } = setup({ path: '/dev/hidraw3', vendorId: undefined, productId: undefined });
    reader.start();
    backend.deliver('/dev/hidraw3', short.reports[0] ?? new Uint8Array());
    backend.deliver('/dev/hidraw3', track2Error.reports[0] ?? new Uint8Array());
    backend.deliver('/dev/hidraw3', swipe.reports[0] ?? new Uint8Array());
    expect(errors(events)).toEqual(['report-length', 'track-read-error']);
    expect(events.find((e) => e.type === 'error')).toEqual({ type: 'error', reason: 'report-length', detail: 'expected 337 bytes, got 64' });
    expect(reads(events).map((c) => c.value)).toEqual([swipe.expected.cpr]);
    expect(reader.status()).toBe('connected');
    await reader.stop();
  });

  it('reports disconnected on a device error and reconnects when the device is listed again', async () => {
    const { backend, timers, reader, events } = setup();
    reader.start();
    backend.unplug(swipe.device.path);
    expect(reader.status()).toBe('disconnected');
    await timers.advance(500); // polls find nothing
    expect(reader.status()).toBe('disconnected');
    expect(backend.openCount).toBe(1);

    backend.plug(swipe.device);
    await timers.advance(200);
    expect(reader.status()).toBe('connected');
    backend.deliver(swipe.device.path, swipe.reports[0] ?? new Uint8Array());
    expect(reads(events)).toHaveLength(1);
    expect(statuses(events)).toEqual(['connected', 'disconnected', 'connected']);
    await reader.stop();
    expect(timers.pendingTimers).toBe(0);
  });

  it('waits for a device that is not plugged in and reports it once', async () => {
    const { backend, timers, reader, events } = setup({}, []);
    reader.start();
    await timers.advance(1000);
    expect(reader.status()).toBe('disconnected');
    expect(errors(events)).toEqual(['device-not-found']);
    backend.plug(swipe.device);
    await timers.advance(200);
    expect(reader.status()).toBe('connected');
    await reader.stop();
  });

  it('reports an open failure (e.g. no udev permission) as an error status and keeps trying', async () => {
    const { backend, timers, reader, events } = setup();
    backend.openError = new Error('cannot open device: Permission denied');
    reader.start();
    expect(reader.status()).toBe('error');
    expect(errors(events)).toEqual(['permission-denied']);
    backend.openError = undefined;
    await timers.advance(60);
    expect(reader.status()).toBe('connected');
    await reader.stop();
  });

  it('joins 64-byte packets into one 337-byte report, and reports a cut-off one after silence', async () => {
    const { backend, timers, reader, events } = setup({ framing: 'fixed-length', frameLength: 337, productId: 0x11 }, [packets.device]);
    reader.start();
    for (const packet of packets.reports) backend.deliver(packets.device.path, packet);
    expect(reads(events)).toEqual([{ kind: 'identity', value: swipe.expected.cpr }]);

    for (const packet of packets.reports.slice(0, 2)) backend.deliver(packets.device.path, packet);
    await timers.advance(300);
    expect(errors(events)).toEqual(['incomplete-frame']);
    for (const packet of packets.reports) backend.deliver(packets.device.path, packet);
    expect(reads(events)).toHaveLength(2);
    await reader.stop();
  });

  it('strips a report id and rejects reports longer than the limit', async () => {
    const { backend, reader, events } = setup({ stripReportId: true, maxFrameLength: 337 });
    reader.start();
    const report = swipe.reports[0] ?? new Uint8Array();
    backend.deliver(swipe.device.path, Uint8Array.from([0x01, ...report]));
    backend.deliver(swipe.device.path, Uint8Array.from([0x01, ...report, 0, 0]));
    expect(reads(events)).toHaveLength(1);
    expect(errors(events)).toEqual(['frame-too-long']);
    await reader.stop();
  });

  it('picks a device by ids, serial number and usage page, first by path', () => {
    const base = { vendorId: 0x0801, productId: 2 };
    const devices = [
      { ...base, path: '/dev/hidraw9', serialNumber: 'B', usagePage: 0xff00 },
      { ...base, path: '/dev/hidraw4', serialNumber: 'A', usagePage: 0xff00 },
      { ...base, path: '/dev/hidraw1', serialNumber: 'A', usagePage: 0x01 },
    ];
    const parse = (c: Partial<HidReaderConfigInput>) => HidReaderConfigSchema.parse({ kind: 'hid', id: 'r', role: 'door', profileId: 'p', ...base, ...c });
    expect(findHidDevice(parse({}), devices)?.path).toBe('/dev/hidraw1');
    expect(findHidDevice(parse({ usagePage: 0xff00 }), devices)?.path).toBe('/dev/hidraw4');
    expect(findHidDevice(parse({ serialNumber: 'B' }), devices)?.path).toBe('/dev/hidraw9');
    expect(findHidDevice(parse({ productId: 3 }), devices)).toBeUndefined();
  });
});
