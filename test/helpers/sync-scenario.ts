import { expect } from 'vitest';
import type { BorrowerSummary } from '../../src/shared/ipc/contract';
import type { RegistrationInput } from '../../src/shared/desk/registration';
import { pnr } from './desk';
import { eventually } from './eventually';
import { registerBorrowers, type SyncRig, type TerminalProcess } from './sync-rig';

/**
 * Scenarios of the real-process sync tests (processes-faults, processes-register-survival): each has its
 * own birth year (searches by `YYYYMM` find its people, ≤ 100 a month) and e-mail domain (tells its
 * borrowers from the rest on the register); `expectConverged` is how every scenario ends.
 */

export interface Scenario {
  year: number;
  domain: string;
  count: number;
}

export function scenario(year: number, domain: string): Scenario {
  return { year, domain, count: 0 };
}

/** The next person of the scenario: own identity number (≤ 100 per birth month) and e-mail. */
export function person(s: Scenario, firstName: string): RegistrationInput {
  const i = s.count++;
  const month = String(1 + Math.floor(i / 100)).padStart(2, '0');
  return {
    registerType: 'adult',
    identityNumber: pnr(`${s.year}-${month}-10`, 100 + (i % 100)),
    firstName,
    lastName: `Person${i}`,
    email: `p${i}@${s.domain}`,
    agreementAccepted: true,
    sendLoginDetails: false,
    password: 'hemligt-123',
  };
}

/** The scenario's borrowers on a terminal, by id (searched by birth month, so more than one page of 200). */
export async function onTerminal(t: TerminalProcess, s: Scenario): Promise<Map<string, BorrowerSummary>> {
  const found = new Map<string, BorrowerSummary>();
  const months = Math.max(1, Math.ceil(s.count / 100));
  for (let m = 1; m <= months; m++) {
    for (const b of await t.search(`${s.year}${String(m).padStart(2, '0')}`)) if (b.email?.endsWith(`@${s.domain}`)) found.set(b.id, b);
  }
  return found;
}

export interface Expected {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
}

export const expectation = (b: { id: string; firstName: string | null; lastName: string | null; email: string | null }): Expected => ({
  id: b.id,
  firstName: b.firstName ?? '',
  lastName: b.lastName ?? '',
  email: b.email,
});

/**
 * Syncs both terminals until nothing is left to push and they agree, then checks terminals and
 * register against `expected` (every registration once, under the id it was made with).
 */
export async function expectConverged(rig: Pick<SyncRig, 'register'>, terminals: TerminalProcess[], s: Scenario, expected: Expected[]): Promise<void> {
  const ids = expected.map((e) => e.id).sort();
  await eventually(
    async () => {
      for (const t of [...terminals, ...terminals]) {
        expect(await t.syncNow(), `${t.name} sync`).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0, lastError: null });
      }
      for (const t of terminals) expect([...(await onTerminal(t, s)).keys()].sort(), t.name).toEqual(ids);
    },
    60_000,
    250,
  );
  const onRegister = [...(await registerBorrowers(rig.register)).values()].filter((r) => r.email?.endsWith(`@${s.domain}`));
  expect(onRegister.map((r) => r.id).sort(), 'the register').toEqual(ids);
  const want = [...expected].sort((x, y) => x.id.localeCompare(y.id));
  expect(
    onRegister.map((r) => ({ id: r.id, firstName: r.first_name, lastName: r.last_name, email: r.email })).sort((x, y) => x.id.localeCompare(y.id)),
  ).toEqual(want);
  for (const t of terminals) {
    const held = [...(await onTerminal(t, s)).values()].map(expectation).sort((x, y) => x.id.localeCompare(y.id));
    expect(held, `${t.name} holds the register's borrowers`).toEqual(want);
    // The same version too: no edit applied twice or missing on either side.
    const versions = new Map(onRegister.map((r) => [r.id, r.version]));
    for (const e of want) expect((await t.get(e.id)).version, `${t.name}: version of ${e.id}`).toBe(versions.get(e.id));
    expect(await t.status(), `${t.name} final status`).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0, conflicts: 0, lastError: null });
  }
}

/** A borrower on A, pulled by B: the one both terminals then edit (different fields). */
export async function sharedBorrower(a: TerminalProcess, b: TerminalProcess, s: Scenario) {
  const z = await a.register(person(s, 'Zelma'));
  expect(await a.syncNow()).toMatchObject({ online: true, pendingOutbox: 0 });
  await eventually(async () => {
    await b.syncNow();
    expect((await b.get(z.id)).version).toBe(z.version);
  });
  return z;
}

/** A edits the first name, B the e-mail, from the same version; returns what the borrower must end as. */
export async function editOnBoth(a: TerminalProcess, b: TerminalProcess, z: { id: string; version: number }, s: Scenario): Promise<Expected> {
  const onA = await a.update({ id: z.id, expectedVersion: z.version, firstName: 'Zelmira' });
  const onB = await b.update({ id: z.id, expectedVersion: z.version, email: `zelma.ny@${s.domain}` });
  expect(onA.firstName).toBe('Zelmira');
  expect(onB.email).toBe(`zelma.ny@${s.domain}`);
  return { id: z.id, firstName: 'Zelmira', lastName: onA.lastName ?? '', email: `zelma.ny@${s.domain}` };
}

/** n registrations on the terminal, four at a time (each hashes a password). */
export async function registerMany(t: TerminalProcess, s: Scenario, n: number, firstName: string): Promise<Expected[]> {
  const made: Expected[] = [];
  for (let i = 0; i < n; i += 4) {
    const inputs = Array.from({ length: Math.min(4, n - i) }, () => person(s, firstName));
    made.push(...(await Promise.all(inputs.map((input) => t.register(input)))).map(expectation));
  }
  return made;
}

