import type { DoorPolicyInput } from '../../../src/shared/door/policy';
import type { TestRegister, TestTerminal } from './register-fixture';
export { pullAll } from './register-fixture';

/** A one-time enrolment code for `libraryId` (null: a terminal of no library). */
export async function libraryCode(register: TestRegister, libraryId: string | null): Promise<string> {
  const r = await register.admin<{ code: string }>('POST', '/admin/enrolment-codes', libraryId ? { libraryId } : {});
  if (r.status !== 200) throw new Error(`enrolment code for ${libraryId}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.code;
}

/** A terminal enrolled over HTTP with a code for `libraryId`. */
export async function libraryTerminal(register: TestRegister, mode: 'desk' | 'kiosk' | 'door' | 'technician', libraryId: string | null): Promise<TestTerminal> {
  const original = register.enrolmentCode.bind(register);
  register.enrolmentCode = () => libraryCode(register, libraryId);
  try {
    return await register.terminal(mode);
  } finally {
    register.enrolmentCode = original;
  }
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
