import type { Queryable } from '../db/client';
import { sql } from '../db/sql';
import type { RegisterTerminalMode } from '../../shared/sync/protocol';
import type { AuthorizationRefusal } from '../../shared/sync/refusals';
import type { Payload, PushKind } from './payloads';
import { receivesProtectedFields } from './protected-fields';

/*
 * Which terminal may push which kind, for which library's borrowers (SPEC 9: the register decides
 * from the terminal's enrolment; a terminal's own claims are never trusted). The one table, checked
 * by applyMutation before any handler runs. A refusal is `rejected` with a RefusalReason,
 * stored and audited like every other answer.
 *
 * Scopes, always judged on the register's current rows (never on what the terminal says it saw):
 * - `any`: any borrower (a visiting borrower may borrow and sign in anywhere).
 * - `own`: a borrower of the terminal's library. An unknown borrower passes here and the handler
 *   defers it; it is judged again when it arrives. A protected borrower belongs to no library: only a
 *   terminal of the central register's office (protected-fields.ts) may change them.
 * - `own-new`: a new borrower in the terminal's library (or a protected one, which belongs to none).
 *   A registration that would merge into a borrower of another library is refused too.
 * - `own-or-move-here`: `own`, or another library's borrower moved into the terminal's library with
 *   its consent (SPEC 2 "move the borrower", and an accepted transfer): library_id set from the
 *   register's value to the terminal's, branch_id to null, e-mail, nothing else.
 * - `transfer-party`: the borrower's library or the receiving library is the terminal's (SPEC 2: a
 *   desk may request a transfer of another library's borrower, not edit it).
 * - `receiving-library`: the library the request would move the borrower to decides it.
 * - `requesting-library`: only the library whose desk asked for a transfer withdraws it (the library recorded when
 *   the request reached the register, from the terminal's enrolment; the borrower's library for older requests).
 * - `own-staff`: a staff account of the terminal's library (a desk's staff member changes their own password or e-mail).
 * - `alarm-library`: a door alarm of the terminal's own library (desks acknowledge their library's alarms).
 * - `branch-library`: a branch of the terminal's own library, or the library itself (its main site): desks override their
 *   library's doors; an unknown branch is refused.
 */

export type PushScope = 'any' | 'own' | 'own-new' | 'own-or-move-here' | 'transfer-party' | 'receiving-library' | 'requesting-library' | 'own-staff' | 'alarm-library' | 'branch-library';

export const pushAuthorization: { readonly [K in PushKind]: { readonly modes: readonly RegisterTerminalMode[]; readonly scope: PushScope } } = {
  'borrower.create': { modes: ['desk'], scope: 'own-new' },
  'borrower.update': { modes: ['desk'], scope: 'own-or-move-here' },
  'borrower.groups': { modes: ['desk'], scope: 'own' },
  'borrower.delete': { modes: ['desk'], scope: 'own' },
  'borrower.pin': { modes: ['desk'], scope: 'own' },
  'card.add': { modes: ['desk'], scope: 'own' },
  'card.remove': { modes: ['desk'], scope: 'own' },
  'transfer.request': { modes: ['desk'], scope: 'transfer-party' },
  'transfer.decide': { modes: ['desk'], scope: 'receiving-library' },
  'transfer.withdraw': { modes: ['desk'], scope: 'requesting-library' },
  'loan.checkout': { modes: ['desk', 'kiosk'], scope: 'any' },
  'loan.checkin': { modes: ['desk', 'kiosk'], scope: 'any' },
  'loan.renew': { modes: ['desk', 'kiosk'], scope: 'any' },
  'borrower.activity': { modes: ['desk', 'kiosk', 'door'], scope: 'any' },
  // A visiting borrower can be locked out at any kiosk or door; the lock then holds at all of them.
  'borrower.lockout': { modes: ['kiosk', 'door'], scope: 'any' },
  // Blocks and PIN unlocks are the borrower's own library's desk staff's (issue 11).
  'borrower.block': { modes: ['desk'], scope: 'own' },
  'borrower.unlock': { modes: ['desk'], scope: 'own' },
  // A guardian's door consent is recorded by the borrower's own library's desk staff (SPEC 2, 6).
  'borrower.door_consent': { modes: ['desk'], scope: 'own' },
  // Likewise the opt-in to the open library's rules (issue 14).
  'borrower.door_opt_in': { modes: ['desk'], scope: 'own' },
  // A door reports its own alarms: the branch and library come from its enrolment (apply/door-alarm.ts).
  'door.alarm': { modes: ['door'], scope: 'any' },
  'door.alarm_ack': { modes: ['desk'], scope: 'alarm-library' },
  'staff.self': { modes: ['desk'], scope: 'own-staff' },
  // Desk staff open, hold open or lock down the doors of their own library's branches (issue 13).
  'door.override': { modes: ['desk'], scope: 'branch-library' },
};

/** The reasons, with words for staff in src/shared/sync/refusals.ts (shown with the desk's refused changes). */
export type RefusalReason = AuthorizationRefusal;

export interface PushingTerminal {
  mode: RegisterTerminalMode;
  libraryId: string | null;
}

export type Refusal = { reason: RefusalReason; detail: string };

/** The columns a move into this library may set on another library's borrower. */
const moveColumns = new Set(['library_id', 'branch_id', 'email']);

/** The mode check: needs no payload, so a forbidden push is refused before its payload is even parsed. */
export function refuseMode(terminal: PushingTerminal, kind: PushKind): Refusal | undefined {
  const rule = pushAuthorization[kind];
  if (!rule.modes.includes(terminal.mode)) return { reason: 'forbidden-mode', detail: `${terminal.mode} terminals may not push ${kind}` };
  // Every push kind is about a borrower (loans touch their activity): a terminal without a library pushes none.
  if (terminal.libraryId === null) return { reason: 'forbidden-no-library', detail: 'this terminal was enrolled without a library' };
  return undefined;
}

/** The library check, on the register's rows inside the push transaction. */
export async function refuseLibrary<K extends PushKind>(tx: Queryable, terminal: PushingTerminal, kind: K, payload: Payload<K>): Promise<Refusal | undefined> {
  const own = terminal.libraryId;
  const scope = pushAuthorization[kind].scope;
  const forbidden = (detail: string): Refusal => ({ reason: 'forbidden-library', detail });
  switch (scope) {
    case 'any':
      return undefined;
    case 'own-new': {
      const { fields } = payload as Payload<'borrower.create'>;
      if (fields.library_id === own || (fields.protected === 1 && fields.library_id === null && fields.branch_id === null)) return undefined;
      return forbidden('a new borrower belongs to this terminal’s library');
    }
    case 'own':
    case 'own-or-move-here': {
      const p = payload as { id?: string; borrowerId?: string };
      const borrower = await borrowerLibrary(tx, p.borrowerId ?? p.id ?? '');
      if (!borrower || borrower.libraryId === own) return undefined;
      // A protected borrower belongs to no library: only the central register's office looks after them (seed 003).
      if (borrower.libraryId === null && (await receivesProtectedFields(tx, terminal))) return undefined;
      if (scope === 'own-or-move-here' && isMoveHere(payload as Payload<'borrower.update'>, borrower.libraryId, own)) return undefined;
      return forbidden('the borrower belongs to another library');
    }
    case 'transfer-party': {
      const p = payload as Payload<'transfer.request'>;
      const borrower = await borrowerLibrary(tx, p.borrowerId);
      if (!borrower || borrower.libraryId === own || p.toLibraryId === own) return undefined;
      return forbidden('neither the borrower’s library nor the receiving library is this terminal’s');
    }
    case 'alarm-library': {
      const [alarm] = await tx.query<{ library_id: string }>(sql`SELECT library_id FROM door_alarm WHERE id = ${(payload as Payload<'door.alarm_ack'>).id}`);
      if (!alarm || alarm.library_id === own) return undefined;
      return forbidden('the alarm belongs to another library');
    }
    case 'branch-library': {
      // A door enrolled at the library's main site has the library's id as its branch.
      const branchId = (payload as Payload<'door.override'>).branchId;
      const [branch] = await tx.query<{ library_id: string }>(sql`SELECT library_id FROM branch WHERE id = ${branchId}`);
      if (branchId === own || branch?.library_id === own) return undefined;
      return forbidden('the door belongs to another library’s branch');
    }
    case 'receiving-library': {
      const [t] = await tx.query<{ to_library_id: string }>(sql`SELECT to_library_id FROM transfer_request WHERE id = ${(payload as Payload<'transfer.decide'>).id}`);
      if (!t || t.to_library_id === own) return undefined;
      return forbidden('the receiving library decides a transfer');
    }
    case 'own-staff': {
      // A desk holds its library's staff hashes (offline sign-in), so the register cannot tell the signed-in member's
      // own change from one a tampered desk made for a colleague: desks change registrars' accounts only (their own
      // power); administrators and technicians change theirs through the register's admin page.
      const [staff] = await tx.query<{ library_id: string; role: string }>(sql`SELECT library_id, role FROM staff WHERE id = ${(payload as Payload<'staff.self'>).id}`);
      if (!staff) return undefined;
      if (staff.library_id !== own) return forbidden('the staff account belongs to another library');
      if (staff.role !== 'registrar') return { reason: 'forbidden-mode', detail: 'desks change only a registrar’s own account' };
      return undefined;
    }
    case 'requesting-library': {
      const [t] = await tx.query<{ requester: string }>(
        sql`SELECT coalesce(requested_by_library_id, from_library_id) AS requester FROM transfer_request WHERE id = ${(payload as Payload<'transfer.withdraw'>).id}`,
      );
      if (!t || t.requester === own) return undefined;
      return forbidden('only the library that asked for a transfer withdraws it');
    }
  }
}

/** Whether a terminal may change (or merge a registration into) a borrower of `libraryId`. */
export function mayEdit(terminal: PushingTerminal, libraryId: string | null): boolean {
  return terminal.libraryId !== null && libraryId === terminal.libraryId;
}

function isMoveHere(p: Payload<'borrower.update'>, current: string | null, own: string | null): boolean {
  const move = p.changes.library_id;
  if (current === null || own === null || !move || move.to !== own || move.from !== current) return false;
  if (p.changes.branch_id && p.changes.branch_id.to !== null) return false;
  return Object.keys(p.changes).every((c) => moveColumns.has(c));
}

/** The library of a live borrower (following an alias), or undefined when unknown or erased (the handler decides those). */
async function borrowerLibrary(tx: Queryable, id: string): Promise<{ libraryId: string | null } | undefined> {
  const [row] = await tx.query<{ library_id: string | null }>(
    sql`SELECT library_id FROM borrower WHERE id = coalesce((SELECT survivor_id FROM borrower_alias WHERE alias_id = ${id}), ${id})`,
  );
  return row ? { libraryId: row.library_id } : undefined;
}
