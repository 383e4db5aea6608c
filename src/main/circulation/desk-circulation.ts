import type { StaffSession } from '../../shared/ipc/contract';
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
