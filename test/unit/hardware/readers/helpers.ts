import { SerialPort } from 'serialport';
import type { DecodeOutcome, Reader, ReaderEvent, ReaderInput } from '../../../../src/main/hardware/readers';
import { waitFor } from '../../../helpers/eventually';

/** What the test decoder returns: enough to prove which card arrived. */
export interface TestCredential {
  kind: 'identity' | 'library-card';
  value: string;
}

/**
 * A small stand-in for the real decoder (src/shared/cards): a Danish health card track 2 (`;` + 37 digits + `?`,
 * CPR at digits 8-17), a MagTek 337-byte report carrying one, or a bare 6-14 digit library card number.
 */
export function testDecode(input: ReaderInput): DecodeOutcome<TestCredential> {
  if (input.type === 'bytes') {
    const bytes = input.bytes;
    if (bytes.length < 337) return { ok: false, reason: 'report-length', detail: `expected 337 bytes, got ${bytes.length}` };
    if (bytes[1] !== 0) return { ok: false, reason: 'track-read-error' };
    const length = bytes[4] ?? 0;
    return decodeText(Buffer.from(bytes.subarray(117, 117 + length)).toString('latin1'));
  }
  return decodeText(input.text);
}

function decodeText(text: string): DecodeOutcome<TestCredential> {
  const track2 = /;(\d{37})\?/.exec(text);
  if (track2?.[1]) return { ok: true, credential: { kind: 'identity', value: track2[1].slice(8, 18) } };
  const card = /^\s*(\d{6,14})\s*$/.exec(text);
  if (card?.[1]) return { ok: true, credential: { kind: 'library-card', value: card[1] } };
  return { ok: false, reason: 'no-track-data', detail: 'no card number found' };
}

/** A fictitious Danish health card (CPR 150385-1004), as a serial reader sends it: track 1 then track 2. */
export const healthCardCpr = '1503851004';
export const healthCardTrack1 = `%${'TESTESEN^MARIE'.padEnd(34)}${'S\\NDERGADE 12, 2. TV'.padEnd(34)}1011620?`;
export const healthCardTrack2 = `;12081000${healthCardCpr}1123456084101010120?`;
export const healthCardSwipe = `${healthCardTrack1}${healthCardTrack2}`;

export function collect<C>(reader: { onEvent(listener: (event: ReaderEvent<C>) => void): () => void }): ReaderEvent<C>[] {
  const events: ReaderEvent<C>[] = [];
  reader.onEvent((event) => events.push(event));
  return events;
}

export function reads<C>(events: readonly ReaderEvent<C>[]): C[] {
  return events.flatMap((e) => (e.type === 'read' ? [e.credential] : []));
}

export function errors(events: readonly { type: string; reason?: string }[]): string[] {
  return events.flatMap((e) => (e.type === 'error' && e.reason !== undefined ? [e.reason] : []));
}

export function statuses(events: readonly { type: string; status?: string }[]): string[] {
  return events.flatMap((e) => (e.type === 'status' && e.status !== undefined ? [e.status] : []));
}


export function waitForStatus(reader: Reader<unknown>, status: string, timeoutMs = 3000): Promise<true> {
  return waitFor(() => reader.status() === status, `status ${status}`, timeoutMs);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The simulated device at the other end of a pty pair: writes what a reader would send. */
export interface DeviceEnd {
  write(data: string | Uint8Array | readonly number[]): Promise<void>;
  close(): Promise<void>;
}

export async function openDeviceEnd(path: string): Promise<DeviceEnd> {
  const port = await new Promise<SerialPort>((resolve, reject) => {
    const p: SerialPort = new SerialPort({ path, baudRate: 9600 }, (error) => (error ? reject(error) : resolve(p)));
  });
  // The pty vanishes on unplug; the port then reports an error we do not care about.
  port.on('error', () => undefined);
  return {
    async write(data) {
      const buffer = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data as Uint8Array);
      await new Promise<void>((resolve, reject) => port.write(buffer, (error) => (error ? reject(error) : resolve())));
      await new Promise<void>((resolve, reject) => port.drain((error) => (error ? reject(error) : resolve())));
    },
    close() {
      if (!port.isOpen) return Promise.resolve();
      return new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}

