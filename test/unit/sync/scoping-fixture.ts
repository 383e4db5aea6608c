import type { DoorPolicyInput } from '../../../src/shared/door/policy';
import type { RegisterTerminalMode } from '../../../src/shared/sync/protocol';
import type { TestRegister, TestTerminal } from '../../helpers/register-fixture';
export { pullAll } from '../../helpers/register-fixture';

/** A one-time enrolment code for a `mode` terminal of `libraryId` (its main site). */
export async function libraryCode(register: TestRegister, libraryId: string, mode: RegisterTerminalMode): Promise<string> {
  return register.enrolmentCode(mode, { libraryId, branchId: libraryId });
}

/** A terminal enrolled over HTTP with a code for `libraryId` (null: a terminal of no library, see TestRegister.terminal). */
export function libraryTerminal(register: TestRegister, mode: RegisterTerminalMode, libraryId: string | null): Promise<TestTerminal> {
  return register.terminal(mode, undefined, libraryId);
}


const day = [{ from: '09:00', to: '17:00' }];
/** Weekdays 09-17 in Stockholm, closed at weekends; a PIN for everyone. */
export const officeHoursPolicy: DoorPolicyInput = {
  schedule: { timeZone: 'Europe/Stockholm', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day }, closingWarningMinutes: 0 },
  pinPolicy: 'optional',
  allowedCategories: ['adult'],
};

export async function putStaff(register: TestRegister, id: string, body: { libraryId: string; email: string; active?: boolean; password?: string }) {
  const r = await register.admin('PUT', `/admin/staff/${id}`, { name: `Staff ${id}`, role: 'registrar', password: 'secret-123', ...body });
  if (r.status !== 200) throw new Error(`staff ${id}: ${r.status} ${JSON.stringify(r.body)}`);
}
