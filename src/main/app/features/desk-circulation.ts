import type { deskCirculationChannels } from '../../../shared/ipc/features/desk-circulation.channels';
import type { DeskCirculationOutcome, Language } from '../../../shared/ipc/contract';
import type { MessageKey } from '../../../shared/i18n/resources';
import { ok, type Refusal, type Result } from '../../../shared/result';
import type { DeskCirculation, DeskCirculationKind } from '../../circulation/desk-circulation';
import type { CirculationReason, CirculationResult } from '../../circulation/types';
import type { DeskService } from '../../desk/service';
import type { Translator } from '../../ipc/translator';
import { formatMailDate } from '../../mail';
import type { FeatureHandlers } from './types';

/** Refusals said to staff about the borrower; the others are the kiosk's words (the same backend refused). */
const staffWords: Partial<Record<CirculationReason, MessageKey>> = {
  'patron-blocked': 'desk.circ.reason.patron-blocked',
  'fees-too-high': 'desk.circ.reason.fees-too-high',
  'already-yours': 'desk.circ.reason.already-yours',
  'offline-limit': 'desk.circ.reason.offline-limit',
};

export function deskCirculationHandlers(deps: { desk: DeskService; circulation: DeskCirculation; translator: Translator }): FeatureHandlers<
  (typeof deskCirculationChannels)[number]
> {
  const { desk, circulation, translator: tr } = deps;
  const outcome = (kind: DeskCirculationKind, result: Result<CirculationResult, Refusal>, language: Language): Result<DeskCirculationOutcome, Refusal> => {
    if (!result.ok) return result;
    const r = result.value;
    if (!r.ok) {
      const message = r.reason === 'library-refused' && r.message ? r.message : tr.t(language, staffWords[r.reason] ?? `kiosk.reason.${r.reason}`);
      return ok({ ok: false, itemId: r.itemId, ...(r.title ? { title: r.title } : {}), message });
    }
    const params = { title: r.title, dueDate: r.dueDate ? formatMailDate(r.dueDate, language) : '' };
    const message = r.queuedOffline ? tr.t(language, 'kiosk.result.queued') : tr.t(language, `desk.circ.result.${kind}`, params);
    return ok({ ok: true, itemId: r.itemId, title: r.title, ...(r.dueDate ? { dueDate: r.dueDate } : {}), message });
  };
  return {
    'desk.borrowerPage': ({ id }) => circulation.withCirculation(desk.borrowerPage(id)),
    'desk.revealIdentity': ({ id }) => desk.revealIdentity(id),
    'desk.checkout': async ({ borrowerId, itemId, language }) => outcome('checkout', await circulation.checkout(borrowerId, itemId), language),
    'desk.checkin': async ({ itemId, language }) => outcome('checkin', await circulation.checkin(itemId), language),
    'desk.renew': async ({ borrowerId, itemId, language }) => outcome('renew', await circulation.renew(borrowerId, itemId), language),
    'desk.block': ({ id, reason }) => circulation.withCirculation(desk.block(id, reason)),
    'desk.unblock': ({ id, reason }) => circulation.withCirculation(desk.unblock(id, reason)),
    'desk.unlockPin': ({ id }) => circulation.withCirculation(desk.unlockPin(id)),
  };
}
