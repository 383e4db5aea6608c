import { createAppServices, type AppServiceDeps, type AppServices } from '../../src/main/app/services';
import type { SerialPortInfo } from '../../src/shared/ipc/contract';
import { silentLogger } from './logger';

export function fakeSerialPorts(ports: SerialPortInfo[]) {
  return { list: () => Promise.resolve(ports) };
}

export function testServices(overrides: Partial<AppServiceDeps> = {}): AppServices {
  return createAppServices({
    dataDir: ':memory:',
    host: 'web',
    appVersion: '0.0.0-test',
    log: silentLogger,
    serialPorts: fakeSerialPorts([]),
    now: () => new Date('2026-11-25T10:00:00Z'),
    // No HID, and readers/relay start on the first hardware request: tests that do not use the hardware never see its events.
    hardware: { hid: null, autoStart: false },
    // Tests seed the demo accounts (seedDemo) unless they say otherwise.
    demo: true,
    ...overrides,
  });
}
