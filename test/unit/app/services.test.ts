import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/db/migrations';
import { fakeSerialPorts, testServices } from '../../helpers/services';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ctx = { host: 'web' } as const;

describe('app services', () => {
  it('start with the initial configuration and report status', async () => {
    const services = testServices({ initialConfig: { mode: 'kiosk', language: 'da' } });
    await expect(services.dispatcher.dispatch('terminal.info', {}, ctx)).resolves.toEqual({
      ok: true,
      value: { mode: 'kiosk', language: 'da', name: 'Lånedisk', appVersion: '0.0.0-test', host: 'web' },
    });
    await expect(services.dispatcher.dispatch('system.status', {}, ctx)).resolves.toEqual({
      ok: true,
      value: { schemaVersion: migrations.length, outboxPending: 0, startedAt: '2026-11-25T10:00:00.000Z' },
    });
    services.close();
  });

  it('list serial ports through the injected lister', async () => {
    const ports = [{ path: '/dev/ttyACM0', manufacturer: 'Honeywell', vendorId: '0c2e', productId: '0b61' }];
    const services = testServices({ serialPorts: fakeSerialPorts(ports) });
    await expect(services.dispatcher.dispatch('hardware.listSerialPorts', {}, ctx)).resolves.toEqual({ ok: true, value: ports });
    services.close();
  });

  it('keep a reconfiguration across restarts and announce it as an event', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lanedisk-svc-'));
    dirs.push(dataDir);
    const first = testServices({ dataDir });
    const seen: unknown[] = [];
    first.events.forward((event, payload) => seen.push({ event, payload }));
    const result = await first.dispatcher.dispatch('terminal.configure', { mode: 'technician', language: 'en' }, ctx);
    expect(result).toMatchObject({ ok: true, value: { mode: 'technician', language: 'en' } });
    expect(seen).toEqual([{ event: 'terminal.changed', payload: expect.objectContaining({ mode: 'technician' }) }]);
    first.close();

    // The stored configuration wins over a different initial one on the next start.
    const second = testServices({ dataDir, initialConfig: { mode: 'desk' } });
    expect(second.terminal.read()).toEqual({ mode: 'technician', language: 'en', name: 'Lånedisk' });
    second.close();
  });

  it('change nothing when a reconfiguration is invalid', async () => {
    const services = testServices();
    const before = services.terminal.read();
    const result = await services.dispatcher.dispatch('terminal.configure', { mode: 'technician', language: 'fi' }, ctx);
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'language' }] } });
    expect(services.terminal.read()).toEqual(before);
    services.close();
  });
});
