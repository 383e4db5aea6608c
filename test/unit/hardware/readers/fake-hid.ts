import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { HidBackend, HidDevice, HidDeviceInfo } from '../../../../src/main/hardware/hid/backend';

/** A HidBackend that replays recorded reports: plug/unplug devices and deliver reports by hand. */
export class FakeHidBackend implements HidBackend {
  private listed: HidDeviceInfo[] = [];
  private readonly opened = new Map<string, FakeHidDevice>();
  openCount = 0;
  /** When set, open() throws this. */
  openError: Error | undefined;

  constructor(devices: HidDeviceInfo[] = []) {
    this.listed = [...devices];
  }

  devices(): HidDeviceInfo[] {
    return this.listed.map((d) => ({ ...d }));
  }

  open(path: string): HidDevice {
    if (this.openError) throw this.openError;
    if (!this.listed.some((d) => d.path === path)) throw new Error(`cannot open device with path ${path}`);
    this.openCount++;
    const device = new FakeHidDevice(() => this.opened.delete(path));
    this.opened.set(path, device);
    return device;
  }

  plug(info: HidDeviceInfo): void {
    this.listed.push(info);
  }

  /** The device vanishes: it leaves the list and an open handle gets an error, as node-hid does. */
  unplug(path: string): void {
    this.listed = this.listed.filter((d) => d.path !== path);
    this.opened.get(path)?.fail(new Error('could not read from HID device'));
  }

  deliver(path: string, report: Uint8Array): void {
    const device = this.opened.get(path);
    if (!device) throw new Error(`${path} is not open`);
    device.receive(report);
  }

  isOpen(path: string): boolean {
    return this.opened.has(path);
  }
}

class FakeHidDevice implements HidDevice {
  private readonly dataListeners = new Set<(report: Uint8Array) => void>();
  private readonly errorListeners = new Set<(error: Error) => void>();
  closed = false;

  constructor(private readonly onClose: () => void) {}

  write(data: readonly number[]): number {
    return data.length;
  }
  sendFeatureReport(data: readonly number[]): number {
    return data.length;
  }
  getFeatureReport(_reportId: number, length: number): number[] {
    return new Array<number>(length).fill(0);
  }
  onData(listener: (report: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }
  onError(listener: (error: Error) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }
  close(): void {
    this.closed = true;
    this.onClose();
  }
  receive(report: Uint8Array): void {
    for (const listener of [...this.dataListeners]) listener(Uint8Array.from(report));
  }
  fail(error: Error): void {
    for (const listener of [...this.errorListeners]) listener(error);
  }
}

const hexId = z.string().transform((s) => parseInt(s.replace(/^0x/i, ''), 16));

const FixtureSchema = z.object({
  description: z.string(),
  device: z.object({
    path: z.string(),
    vendorId: hexId,
    productId: hexId,
    product: z.string().optional(),
    manufacturer: z.string().optional(),
    usagePage: hexId.optional(),
  }),
  expected: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  reports: z.array(z.object({ note: z.string(), hex: z.array(z.string()) })).min(1),
});

export interface HidFixture {
  description: string;
  device: HidDeviceInfo;
  reports: Uint8Array[];
  expected: Record<string, string | number>;
}

/** Loads test/fixtures/hid/<name>: the device as listed and its recorded input reports. */
export function loadHidFixture(name: string): HidFixture {
  const text = readFileSync(new URL(`../../../fixtures/hid/${name}`, import.meta.url), 'utf8');
  const fixture = FixtureSchema.parse(JSON.parse(text));
  return {
    description: fixture.description,
    device: fixture.device,
    expected: fixture.expected ?? {},
    reports: fixture.reports.map(({ hex }) => Uint8Array.from(Buffer.from(hex.join('').replace(/\s+/g, ''), 'hex'))),
  };
}
