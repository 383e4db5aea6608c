import { describe, expect, it } from 'vitest';
import { relayConfigSchema } from '../../../../src/main/hardware/relays/config';

describe('relay configuration schema', () => {
  it('fills in serial defaults (9600 8N1, backoff) for a minimal LCUS entry', () => {
    const config = relayConfigSchema.parse({ kind: 'lcus', port: { path: '/dev/ttyUSB0' } });
    expect(config).toEqual({
      kind: 'lcus',
      channels: 1,
      port: { path: '/dev/ttyUSB0', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
      reconnect: { initialMs: 250, maxMs: 10_000, factor: 2 },
      presenceCheckMs: 1000,
      writeTimeoutMs: 1000,
    });
  });

  it('keeps Modbus slave and coil base and refuses coils past 65535', () => {
    const config = relayConfigSchema.parse({ kind: 'modbus-rtu', slave: 3, coilBase: 16, channels: 4, port: { path: 'COM3', parity: 'even' } });
    expect(config).toMatchObject({ kind: 'modbus-rtu', slave: 3, coilBase: 16, channels: 4, retries: 1, responseTimeoutMs: 500 });
    expect(relayConfigSchema.safeParse({ kind: 'modbus-rtu', coilBase: 65535, channels: 2, port: { path: 'COM3' } }).success).toBe(false);
    expect(relayConfigSchema.safeParse({ kind: 'modbus-rtu', slave: 248, port: { path: 'COM3' } }).success).toBe(false);
  });

  it('accepts the USB HID relay with an optional 5-character board id', () => {
    expect(relayConfigSchema.parse({ kind: 'usb-hid', boardId: 'QWERT' })).toMatchObject({ kind: 'usb-hid', boardId: 'QWERT' });
    expect(relayConfigSchema.safeParse({ kind: 'usb-hid', boardId: 'TOO-LONG' }).success).toBe(false);
  });

  it('reports where a technician\'s file is wrong', () => {
    const result = relayConfigSchema.safeParse({ kind: 'kmtronic', channels: 12, port: { path: '', baudRate: 9600, parity: 'mark' } });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['channels', 'port.parity', 'port.path']);
    expect(relayConfigSchema.safeParse({ kind: 'x10', channels: 1 }).success).toBe(false);
    expect(relayConfigSchema.safeParse({ kind: 'lcus', port: { path: '/dev/ttyUSB0' }, reconnect: { initialMs: 500, maxMs: 100 } }).success).toBe(false);
  });

  it('selects the simulated relay', () => {
    expect(relayConfigSchema.parse({ kind: 'simulated', channels: 2 })).toEqual({ kind: 'simulated', channels: 2 });
  });
});
