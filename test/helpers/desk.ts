import { buildCpr, buildPersonnummer } from '../../src/shared/identity/build';
import type { RegistrationInput } from '../../src/shared/desk/registration';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import type { AppServices } from '../../src/main/app/services';
import { valueOf } from './result';

export const today = '2026-11-25';

/** A valid Swedish personnummer for the birth date, 12-digit with a dash after the date. */
export function pnr(birthDate: string, serial = 123, coordination = false): string {
  const n = buildPersonnummer({ birthDate, serial, coordination });
  if (!n) throw new Error(`cannot build a personnummer for ${birthDate}`);
  return `${n.slice(0, 8)}-${n.slice(8)}`;
}

export function cpr(birthDate: string, serial = 1234): string {
  const n = buildCpr({ birthDate, sequence: serial });
  if (!n) throw new Error(`cannot build a CPR for ${birthDate}`);
  return `${n.slice(0, 6)}-${n.slice(6)}`;
}

let counter = 0;
/** A valid adult registration; each call gets its own identity number and e-mail. */
export function adult(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  counter++;
  return {
    registerType: 'adult',
    identityNumber: pnr('1981-12-18', 100 + counter),
    firstName: 'Åsa',
    lastName: `Öberg${counter}`,
    email: `asa.oberg${counter}@example.se`,
    agreementAccepted: true,
    sendLoginDetails: true,
    ...overrides,
  };
}

export async function signIn(services: AppServices, account: keyof typeof demoAccounts = 'registrar') {
  await services.seedDemo({ borrowers: false });
  const { email, password } = demoAccounts[account];
  return valueOf(services.desk.login(email, password));
}

/**
 * Signs in the demo technician through IPC, as the technician screen does, when the terminal asks for a
 * technician sign-in (it knows a technician or administrator account); a terminal without any stays open.
 */
export async function signInTechnicianIfAsked(services: AppServices): Promise<void> {
  const ctx = { host: 'web' as const };
  const status = await services.dispatcher.dispatch('technician.status', {}, ctx);
  if (!status.ok) throw new Error(`technician.status: ${status.error.message}`);
  const { required, signedIn } = status.value as { required: boolean; signedIn: boolean };
  if (!required || signedIn) return;
  const { email, password } = demoAccounts.technician;
  const login = await services.dispatcher.dispatch('technician.login', { email, password }, ctx);
  if (!login.ok) throw new Error(`technician.login: ${login.error.message}`);
}
