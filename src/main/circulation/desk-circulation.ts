import type { BorrowerPage, StaffSession } from '../../shared/ipc/contract';
import { ok, type Refusal, type Result } from '../../shared/result';
import type { DeskService } from '../desk/service';
import type { CirculationBackend, CirculationResult } from './types';

export type DeskCirculationKind = 'checkout' | 'checkin' | 'renew';

/**
 * Loans, returns and renewals at the desk on a borrower's behalf (issue 11), through the same circulation backend
 * as the kiosk (the register copy, or the library system over SIP2), so the same rules refuse the same things.
 * Only signed-in desk staff who may administer the borrower; a return needs no borrower. Each is audited.
 */
export class DeskCirculation {
  constructor(private readonly deps: { desk: DeskService; backend: () => CirculationBackend }) {}

  /**
   * The borrower page with loans, holds and fees from the circulation backend in use: with SIP2 the library system
   * is the authority (63/64 Patron Information), so they come from it; when it cannot be asked (or does not know the
   * card) the page keeps the register's copy, marked so the desk says it may be out of date.
   */
  async withCirculation(page: Result<BorrowerPage, Refusal>): Promise<Result<BorrowerPage, Refusal>> {
    const backend = this.deps.backend();
    if (!page.ok || backend.kind !== 'sip2') return page;
    const patron = this.deps.desk.patron(page.value.id);
    if (!patron.ok) return patron;
    const { staff: _staff, ...ref } = patron.value;
    const account = await backend.account(ref);
    if (!account.ok) return ok({ ...page.value, circulationSource: { from: 'register', reason: 'unknown-patron' } });
    if (account.value.fromCache) return ok({ ...page.value, circulationSource: { from: 'register', reason: 'unreachable' } });
    const { loans, holdsReady, feesCents, currency } = account.value;
    return ok({
      ...page.value,
      loans: loans.map((l) => ({ itemId: l.itemId, title: l.title, checkedOutAt: '', dueDate: l.dueDate, renewals: l.renewals, overdue: l.overdue })),
      holdsReady,
      fees: [],
      circulationSource: { from: 'library-system', feesCents, currency },
    });
  }

  async checkout(borrowerId: string, itemId: string): Promise<Result<CirculationResult, Refusal>> {
    const patron = this.deps.desk.patron(borrowerId);
    if (!patron.ok) return patron;
    const { staff, ...ref } = patron.value;
    return ok(this.audited(staff, 'checkout', ref.borrowerId, await this.deps.backend().checkout(ref, itemId)));
  }

  async renew(borrowerId: string, itemId: string): Promise<Result<CirculationResult, Refusal>> {
    const patron = this.deps.desk.patron(borrowerId);
    if (!patron.ok) return patron;
    const { staff, ...ref } = patron.value;
    return ok(this.audited(staff, 'renew', ref.borrowerId, await this.deps.backend().renew(ref, itemId)));
  }

  async checkin(itemId: string): Promise<Result<CirculationResult, Refusal>> {
    const staff = this.deps.desk.staff();
    if (!staff.ok) return staff;
    return ok(this.audited(staff.value, 'checkin', null, await this.deps.backend().checkin(itemId)));
  }

  private audited(s: StaffSession, kind: DeskCirculationKind, borrowerId: string | null, result: CirculationResult): CirculationResult {
    this.deps.desk.audit({
      staffId: s.staffId,
      libraryId: s.libraryId,
      action: `desk.${kind}`,
      subjectType: 'borrower',
      subjectId: borrowerId,
      details: { item: result.itemId, ...(result.ok ? {} : { refused: result.reason }) },
    });
    return result;
  }
}
