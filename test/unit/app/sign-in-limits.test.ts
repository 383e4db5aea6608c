import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, get, sql } from '../../../src/main/db/sql';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { createTranslator } from '../../../src/main/ipc/translator';
import { testServices } from '../../helpers/services';

let services: AppServices;
let clock: Date;
let dataDir: string | undefined;
const ctx = { host: 'web' } as const;
const dispatch = (channel: string, payload: unknown) => services.dispatcher.dispatch(channel, payload, ctx);
const advanceSeconds = (s: number) => {
  clock = new Date(clock.getTime() + s * 1000);
};
const auditActions = () => all<{ action: string }>(services.db, sql`SELECT action FROM audit_log ORDER BY id`).map((r) => r.action);
const count = (actions: string[], action: string) => actions.filter((a) => a === action).length;

async function start(mode: 'desk' | 'kiosk' = 'desk') {
  services = testServices({ dataDir: dataDir ?? ':memory:', initialConfig: { mode, language: 'en' }, now: () => clock });
  await services.seedDemo({ borrowers: false });
}

beforeEach(() => {
  clock = new Date('2026-11-25T10:00:00Z');
});
afterEach(() => {
  services.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

describe('desk and technician sign-in attempt limits (issue 16, finding 5)', () => {
  it('checks 5 of 50 concurrent wrong passwords, then refuses even the right one with how long to wait, audited', async () => {
    await start();
    const { email, password } = demoAccounts.registrar;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => dispatch('desk.login', { email, password: `guess-${i}` })));
    expect(answers.every((a) => !a.ok)).toBe(true);
    const actions = auditActions();
    // DeskService audits each password it really checked.
    expect(count(actions, 'staff.login-failed')).toBe(5);
    expect(count(actions, 'staff.login-locked')).toBe(1);
    expect(count(actions, 'staff.login-refused')).toBe(45);

    expect(await dispatch('desk.login', { email, password })).toMatchObject({ ok: false, error: { kind: 'forbidden', message: 'Too many failed attempts. Try again in 30 seconds.' } });
    // The technician screen signs in with the same accounts: the same lock.
    expect(await dispatch('technician.login', { email, password })).toMatchObject({ ok: false, error: { message: 'Too many failed attempts. Try again in 30 seconds.' } });
    // Another account is not locked.
    expect(await dispatch('desk.login', demoAccounts.admin)).toMatchObject({ ok: true });
  });

  it('doubles the lock with each further failure, lets the right password in after it, and then starts afresh', async () => {
    await start();
    const { email, password } = demoAccounts.registrar;
    for (let i = 0; i < 4; i++) expect(await dispatch('desk.login', { email, password: 'wrong' })).toMatchObject({ ok: false, error: { message: 'Wrong e-mail or password.' } });
    expect(await dispatch('desk.login', { email, password: 'wrong' })).toMatchObject({ ok: false, error: { message: 'Too many failed attempts. Try again in 30 seconds.' } });
    advanceSeconds(29);
    expect(await dispatch('desk.login', { email, password })).toMatchObject({ ok: false, error: { message: 'Too many failed attempts. Try again in 1 second.' } });
    advanceSeconds(1);
    expect(await dispatch('desk.login', { email: ` ${email.toUpperCase()} `, password: 'wrong' })).toMatchObject({ ok: false, error: { message: 'Too many failed attempts. Try again in 60 seconds.' } });
    advanceSeconds(60);
    expect(await dispatch('desk.login', { email, password: 'wrong' })).toMatchObject({ ok: false, error: { message: 'Too many failed attempts. Try again in 2 minutes.' } });
    advanceSeconds(120);
    expect(await dispatch('desk.login', { email, password })).toMatchObject({ ok: true });
    expect(get(services.db, sql`SELECT count(*) AS n FROM sign_in_lockout`)).toEqual({ n: 0 });
    await dispatch('desk.logout', {});
    expect(await dispatch('desk.login', { email, password: 'wrong' })).toMatchObject({ ok: false, error: { message: 'Wrong e-mail or password.' } });
  });

  it('forgets failures after a day without attempts', async () => {
    await start();
    const { email } = demoAccounts.registrar;
    for (let i = 0; i < 4; i++) await dispatch('desk.login', { email, password: 'wrong' });
    advanceSeconds(25 * 3600);
    expect(await dispatch('desk.login', { email, password: 'wrong' })).toMatchObject({ ok: false, error: { message: 'Wrong e-mail or password.' } });
    expect(get(services.db, sql`SELECT failures FROM sign_in_lockout`)).toEqual({ failures: 1 });
  });

  it('keeps the lock across a restart (it is in the local database), and says it in the terminal language', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'lanedisk-signin-'));
    await start();
    const { email, password } = demoAccounts.technician;
    for (let i = 0; i < 5; i++) await dispatch('technician.login', { email, password: 'wrong' });
    services.close();
    await start();
    await dispatch('terminal.configure', { language: 'sv' });
    expect(await dispatch('technician.login', { email, password })).toMatchObject({ ok: false, error: { message: 'För många misslyckade försök. Försök igen om 30 sekunder.' } });
  });
});

describe('kiosk staff-exit PIN attempt limit (issue 16, finding 5)', () => {
  it('stops guessing after 5 wrong PINs for the terminal, audits every failure and refusal, and opens with the right PIN after the lock', async () => {
    await start('kiosk');
    const answers: string[] = [];
    for (let pin = 0; pin < 200; pin++) {
      const answer = await dispatch('kiosk.staffExit', { pin: String(pin).padStart(4, '0') });
      answers.push(answer.ok ? `ok ${String((answer.value as { ok: boolean }).ok)}` : answer.error.message);
    }
    // Four answered "wrong", the fifth started the lock; every later guess was refused unchecked with the wait.
    expect(answers.slice(0, 6)).toEqual([...Array<string>(4).fill('ok false'), ...Array<string>(2).fill('Too many failed attempts. Try again in 30 seconds.')]);
    expect(await dispatch('kiosk.staffExit', { pin: '2468' })).toMatchObject({ ok: false, error: { message: 'Too many failed attempts. Try again in 30 seconds.' } });
    const actions = auditActions();
    expect(count(actions, 'kiosk.staff-exit-failed')).toBe(5);
    expect(count(actions, 'kiosk.staff-exit-locked')).toBe(1);
    expect(count(actions, 'kiosk.staff-exit-refused')).toBe(196);
    expect(services.terminal.read().mode).toBe('kiosk');

    advanceSeconds(30);
    expect(await dispatch('kiosk.staffExit', { pin: '2468' })).toEqual({ ok: true, value: { ok: true } });
    expect(services.terminal.read().mode).toBe('technician');
    expect(auditActions().at(-1)).toBe('kiosk.staff-exit-succeeded');
  });
});

describe('lock messages', () => {
  it('use the plural rules of each language', () => {
    const tr = createTranslator();
    expect(tr.t('sv', 'signIn.locked.minutes', { count: 1 })).toBe('För många misslyckade försök. Försök igen om 1 minut.');
    expect(tr.t('da', 'signIn.locked.seconds', { count: 1 })).toBe('For mange mislykkede forsøg. Prøv igen om 1 sekund.');
    expect(tr.t('da', 'signIn.locked.minutes', { count: 5 })).toBe('For mange mislykkede forsøg. Prøv igen om 5 minutter.');
    expect(tr.t('en', 'signIn.locked.seconds', { count: 2 })).toBe('Too many failed attempts. Try again in 2 seconds.');
  });
});
