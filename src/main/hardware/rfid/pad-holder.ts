import type { RfidPadSetting } from '../../../shared/hardware/settings';
import type { Logger } from '../../log';
import type { Clock } from '../relays/clock';
import type { SerialPortOpener } from '../relays/serial-port';
import { FeigPad } from './feig-pad';
import { SimulatedPad } from './simulated-pad';
import type { RfidPad } from './types';

/** The pad the settings describe. */
export function createRfidPad(setting: RfidPadSetting, deps: { clock: Clock; log: Logger; opener?: SerialPortOpener }): RfidPad {
  const afi = { secured: setting.afiSecured, checkedOut: setting.afiCheckedOut };
  if (setting.kind === 'simulated') return new SimulatedPad(afi);
  return new FeigPad({
    port: { path: setting.path, baudRate: setting.baudRate, dataBits: 8, parity: setting.parity, stopBits: 1 },
    reconnect: { initialMs: 250, maxMs: 10_000, factor: 2 },
    presenceCheckMs: 1000,
    writeTimeoutMs: 1000,
    comAdr: setting.comAdr,
    responseTimeoutMs: setting.responseTimeoutMs,
    blocks: setting.blocks,
    afi,
    clock: deps.clock,
    log: deps.log,
    ...(deps.opener ? { opener: deps.opener } : {}),
  });
}

/**
 * The kiosk's RFID pad as the technician's settings say now: made on first use, made again (the old one closed)
 * when the settings change, none when there is no pad.
 */
export function createRfidPadHolder(deps: { setting: () => RfidPadSetting | null; clock: Clock; log: Logger; opener?: SerialPortOpener }) {
  let pad: RfidPad | null = null;
  let madeFrom = 'null';
  const close = (old: RfidPad | null) => {
    old?.close().catch((error: unknown) => deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'RFID pad close failed'));
  };
  return {
    setting: deps.setting,
    get(): RfidPad | null {
      const setting = deps.setting();
      const key = JSON.stringify(setting);
      if (key !== madeFrom) {
        close(pad);
        pad = setting ? createRfidPad(setting, deps) : null;
        madeFrom = key;
        if (setting) deps.log.info({ kind: setting.kind }, 'RFID pad configured');
      }
      return pad;
    },
    /** The simulated pad, when that is the one configured (the demo puts tags on it). */
    simulated(): SimulatedPad | null {
      const current = this.get();
      return current instanceof SimulatedPad ? current : null;
    },
    async close(): Promise<void> {
      const old = pad;
      pad = null;
      madeFrom = 'null';
      await old?.close();
    },
  };
}
export type RfidPadHolder = ReturnType<typeof createRfidPadHolder>;
