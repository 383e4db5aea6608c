import type { MutationResult } from '../../../shared/sync/protocol';
import { refuseLibrary, refuseMode } from '../authorization';
import { isPushKind, payloadSchemas, type Payload, type PushKind } from '../payloads';
import { borrowerActivity, setPin } from './activity';
import { createBorrower, eraseBorrower, setGroups, updateBorrower } from './borrower';
import { addCard, removeCard } from './card';
import { setDoorConsent } from './consent';
import { setDoorOptIn } from './opt-in';
import { receiveDoorAlarm, receiveDoorAlarmAck } from './door-alarm';
import { receiveDoorOverride } from './door-override';
import { deferred, Rejection, type ApplyContext } from './context';
import { checkinLoan, checkoutLoan, renewLoan } from './loan';
import { applyLockout, applyUnlock } from './lockout';
import { setBlock } from './block';
import { updateOwnStaff } from './staff';
import { decideTransfer, requestTransfer, withdrawTransfer } from './transfer';

export { Rejection, type ApplyContext } from './context';

/**
 * Applies one pushed mutation inside the push transaction (the caller holds the change-log
 * lock and a savepoint). Returns applied / deferred, or throws a Rejection.
 */
export async function applyMutation(ctx: ApplyContext): Promise<MutationResult> {
  const { kind, payload } = ctx.mutation;
  // Not a kind this register knows (e.g. loans before the register handles them): keep it on the terminal.
  if (!isPushKind(kind)) return deferred('unsupported-kind');
  // Authorization (sync/authorization.ts) in one place, before any handler: the mode first (no payload needed), then the library.
  const byMode = refuseMode(ctx.terminal, kind);
  if (byMode) throw new Rejection(byMode.reason, byMode.detail);
  const parsed = payloadSchemas[kind].safeParse(payload);
  // The detail names fields, never values; capped, as it is stored with the answer.
  if (!parsed.success) throw new Rejection('invalid-payload', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 500));
  const byLibrary = await refuseLibrary(ctx.tx, ctx.terminal, kind, parsed.data as never);
  if (byLibrary) throw new Rejection(byLibrary.reason, byLibrary.detail);
  return handlers[kind](ctx, parsed.data as never);
}

/** One handler per push kind, each in the module of its entity. A new kind adds a schema in payloads.ts, a row in authorization.ts and a line here. */
type Handler<K extends PushKind> = (ctx: ApplyContext, payload: Payload<K>) => Promise<MutationResult>;
const handlers: { [K in PushKind]: Handler<K> } = {
  'borrower.create': createBorrower,
  'borrower.update': updateBorrower,
  'borrower.groups': setGroups,
  'borrower.delete': eraseBorrower,
  'card.add': addCard,
  'card.remove': removeCard,
  'transfer.request': requestTransfer,
  'transfer.decide': decideTransfer,
  'transfer.withdraw': withdrawTransfer,
  'loan.checkout': checkoutLoan,
  'loan.checkin': checkinLoan,
  'loan.renew': renewLoan,
  'borrower.activity': borrowerActivity,
  'borrower.pin': setPin,
  'borrower.lockout': applyLockout,
  'borrower.unlock': applyUnlock,
  'borrower.block': setBlock,
  'borrower.door_consent': setDoorConsent,
  'borrower.door_opt_in': setDoorOptIn,
  'door.alarm': receiveDoorAlarm,
  'door.alarm_ack': receiveDoorAlarmAck,
  'door.override': receiveDoorOverride,
  'staff.self': updateOwnStaff,
};
