import { parseIso28560Tag } from '../../../shared/cards';
import type { CirculationOutcome, Language } from '../../../shared/ipc/contract';
import { ok, refuse, type Refusal, type Result } from '../../../shared/result';
import type { RfidPadHolder } from '../../hardware/rfid';
import type { Translator } from '../../ipc/translator';
import { KioskRfid, type RfidNotice } from '../../kiosk/rfid-items';
import type { Clock } from '../../hardware/relays/clock';
import type { Logger } from '../../log';
import type { AppEvents } from '../events';
import type { FeatureHandlers } from './types';

export type RfidTechnicianChannel = 'hardware.testRfid' | 'hardware.simulateRfid';

const noticeKeys = { unreadable: 'kiosk.rfid.unreadable', 'not-an-item': 'kiosk.rfid.notAnItem', 'parts-missing': 'kiosk.rfid.partsMissing' } as const;

/**
 * Items by RFID: the kiosk's pad polled while borrowing or returning (each item through the kiosk's own checkout
 * and checkin handlers, so it is the same loan as a scanned barcode), and the technician's test and the demo's
 * simulated tags.
 */
export function rfidHandlers(deps: {
  pads: RfidPadHolder;
  translator: Translator;
  events: AppEvents;
  clock: Clock;
  log: Logger;
  checkout: (itemId: string, language: Language) => Promise<Result<CirculationOutcome, Refusal>>;
  checkin: (itemId: string, language: Language) => Promise<Result<CirculationOutcome, Refusal>>;
}): { handlers: FeatureHandlers<RfidTechnicianChannel | 'kiosk.rfid'>; kioskRfid: KioskRfid } {
  const { pads, translator: tr, events } = deps;
  const kioskRfid = new KioskRfid({
    pad: () => pads.get(),
    pollMs: () => pads.setting()?.pollMs ?? 500,
    clock: deps.clock,
    log: deps.log,
    circulate: (kind, itemId, language) => (kind === 'checkout' ? deps.checkout(itemId, language) : deps.checkin(itemId, language)),
    onItem: ({ outcome, securityFailed }, language) =>
      events.emit('kiosk.rfidItem', {
        outcome,
        ...(securityFailed ? { securityMessage: tr.t(language, 'kiosk.rfid.securityFailed', { title: outcome.title ?? outcome.itemId }) } : {}),
      }),
    onNotice: (notice: RfidNotice, language) => {
      const params: Record<string, number> = notice.kind === 'parts-missing' ? { have: notice.have, total: notice.total } : {};
      const itemId = notice.kind === 'parts-missing' ? notice.itemId : '';
      events.emit('kiosk.rfidItem', { outcome: { ok: false, itemId, message: tr.t(language, noticeKeys[notice.kind], params) } });
    },
  });
  return {
    kioskRfid,
    handlers: {
      'kiosk.rfid': ({ mode, language }) => {
        kioskRfid.setMode(mode, language);
        return ok({ pad: pads.get() !== null });
      },
      'hardware.testRfid': async () => {
        const pad = pads.get();
        if (!pad) return refuse('not-found', 'hardware.rfid.error.none');
        try {
          const seen = await pad.inventory();
          const tags = [];
          for (const { uid } of seen) {
            const memory = await pad.readBlocks(uid).catch(() => null);
            const parsed = memory ? parseIso28560Tag(memory) : null;
            const tag = parsed?.ok && parsed.value.crc.ok ? parsed.value : null;
            const afi = pads.simulated()?.afiOf(uid);
            tags.push({ uid, itemId: tag?.id ?? null, partNumber: tag?.partNumber ?? 0, partsInSet: tag?.partsInSet ?? 0, ...(afi !== undefined ? { afi } : {}) });
          }
          return ok({ tags });
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          deps.log.warn({ reason }, 'RFID pad test failed');
          return refuse('unavailable', 'hardware.rfid.error.failed', { reason });
        }
      },
      'hardware.simulateRfid': ({ itemIds }) => {
        const pad = pads.simulated();
        if (!pad) return refuse('not-found', 'hardware.rfid.error.none');
        pad.remove();
        for (const itemId of itemIds) pad.place({ itemId });
        return ok(null);
      },
    },
  };
}
