import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { all, run, sql } from '../../../src/main/db/sql';
import { effectiveKioskSetting } from '../../../src/main/kiosk/settings';
import { DoorPolicySchema } from '../../../src/shared/door/policy';
import { defaultHardwareSettings, HardwareSettingsSchema } from '../../../src/shared/hardware/settings';
import { defaultKioskSetting, KioskSettingSchema, type KioskSettingInput } from '../../../src/shared/kiosk/settings';
import { kioskCalls } from '../../helpers/kiosk-calls';
import { testServices } from '../../helpers/services';

const ctx = { host: 'web' } as const;
let services: AppServices;
let clock: Date;
const { call, refused } = kioskCalls(() => services);
afterEach(() => services.close());

async function kiosk(setting: KioskSettingInput = {}) {
  clock = new Date('2026-11-25T10:00:00Z');
  services = testServices({ initialConfig: { mode: 'kiosk', language: 'en' }, now: () => clock, env: { LANEDISK_BRANCH_ID: 'kb-branch' } });
  await services.seedDemo();
  // Settings are the technician's: signed in as the demo technician.
  await call('technician.login', { email: demoAccounts.technician.email, password: demoAccounts.technician.password });
  await setKiosk(setting);
}

async function setKiosk(setting: KioskSettingInput) {
  await call('hardware.setKioskSettings', { kiosk: KioskSettingSchema.parse(setting) });
}

async function signIn() {
  await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
  if (services.kiosk.view()?.stage === 'pin') await call('kiosk.pin', { pin: demoBorrower.pin });
}

/** A register access policy for a library or branch, as sync stores it. */
function registerPolicy(scopeId: string, libraryId: string, kiosk?: KioskSettingInput) {
  const policy = DoorPolicySchema.parse({ schedule: { timeZone: 'Europe/Stockholm', weekly: {}, exceptions: [] }, ...(kiosk ? { kiosk } : {}) });
  run(
    services.db,
    sql`INSERT INTO access_policy (scope_id, library_id, branch_id, policy, version, updated_at)
        VALUES (${scopeId}, ${libraryId}, ${scopeId === libraryId ? null : scopeId}, ${JSON.stringify(policy)}, 1, '2026-11-25T09:00:00Z')`,
  );
}

describe('kiosk settings: technician screen or the register’s policy (issue 12)', () => {
  it('takes the register’s policy over the technician’s: the branch’s own first, then its library’s; a policy without kiosk settings does not count', async () => {
    await kiosk({ idleSignOutSeconds: 120 });
    const local = () => services.hardware.current().settings.kiosk;
    expect(effectiveKioskSetting(services.db, 'kb-branch', local)).toMatchObject({ source: 'local', setting: { idleSignOutSeconds: 120 } });
    run(services.db, sql`INSERT INTO library (id, name, parent_id, country) VALUES ('kb-lib', 'Kioskbiblioteket', NULL, 'SE'), ('kb-branch', 'Filialen', 'kb-lib', 'SE')`);
    registerPolicy('kb-branch', 'kb-lib');
    expect(effectiveKioskSetting(services.db, 'kb-branch', local).source).toBe('local');
    registerPolicy('kb-lib', 'kb-lib', { idleSignOutSeconds: 60, receipt: 'none' });
    expect(effectiveKioskSetting(services.db, 'kb-branch', local)).toMatchObject({ source: 'register', scopeId: 'kb-lib', setting: { idleSignOutSeconds: 60, receipt: 'none' } });
    run(services.db, sql`UPDATE access_policy SET policy = json_set(policy, '$.kiosk', json(${JSON.stringify({ ...defaultKioskSetting, idleSignOutSeconds: 45 })})) WHERE scope_id = 'kb-branch'`);
    expect(effectiveKioskSetting(services.db, 'kb-branch', local)).toMatchObject({ source: 'register', scopeId: 'kb-branch', setting: { idleSignOutSeconds: 45 } });
    // What the page and the technician screen are told.
    expect(await call('kiosk.settings', {})).toMatchObject({ idleSignOutSeconds: 45, receipt: 'ask' });
    expect(await call('hardware.kioskSettingSource', {})).toEqual({ source: 'register', scopeId: 'kb-branch' });
    await signIn();
    expect(services.kiosk.view()).toMatchObject({ idleSeconds: 45 });
  });

  it('is checked by one schema on both sides: a policy with bad kiosk settings is refused with the rule’s message', () => {
    const schedule = { timeZone: 'Europe/Stockholm', weekly: {}, exceptions: [] };
    expect(DoorPolicySchema.safeParse({ schedule, kiosk: { idleWarningSeconds: 90, idleSignOutSeconds: 60 } }).error?.issues[0]).toMatchObject({
      message: 'kiosk.settings.error.idleOrder',
      path: ['kiosk', 'idleWarningSeconds'],
    });
    expect(DoorPolicySchema.safeParse({ schedule, kiosk: { operations: { borrow: false, return: false, renew: false } } }).error?.issues[0]).toMatchObject({
      message: 'kiosk.settings.error.noOperation',
    });
    // Settings stored before the kiosk's existed get the defaults.
    const { kiosk: _kiosk, ...older } = defaultHardwareSettings;
    expect(HardwareSettingsSchema.parse(older).kiosk).toEqual(defaultKioskSetting);
  });

  it('is saved through hardware.setKioskSettings and audited; bad input is refused in words and changes nothing', async () => {
    await kiosk();
    const bad = await services.dispatcher.dispatch('hardware.setKioskSettings', { kiosk: { ...defaultKioskSetting, idleWarningSeconds: 100, idleSignOutSeconds: 50 } }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'kiosk.idleWarningSeconds', message: 'The warning must come before the sign-out.' }] } });
    expect(services.hardware.current().settings.kiosk).toEqual(defaultKioskSetting);
    expect(all<{ action: string }>(services.db, sql`SELECT action FROM audit_log WHERE action = 'terminal.kiosk-settings'`)).toEqual([{ action: 'terminal.kiosk-settings' }]);
  });
});

describe('each kiosk setting has its effect', () => {
  it('return switched off: refused with a localized reason, with or without a session, and the page is told (no tile)', async () => {
    await kiosk({ operations: { borrow: true, return: false, renew: true } });
    expect(await call('kiosk.settings', {})).toMatchObject({ operations: { borrow: true, return: false, renew: true } });
    expect(await refused('kiosk.checkin', { itemId: '39000000000011', language: 'sv' })).toEqual({
      code: 'kiosk.disabled.return',
      message: 'Den här automaten tar inte emot återlämningar. Fråga personalen.',
    });
    await signIn();
    expect(await call('kiosk.checkout', { itemId: '39000000000011', language: 'en' })).toMatchObject({ ok: true });
    expect(await refused('kiosk.checkin', { itemId: '39000000000011', language: 'da' })).toEqual({
      code: 'kiosk.disabled.return',
      message: 'Denne automat tager ikke imod afleveringer. Spørg personalet.',
    });
    expect(all(services.db, sql`SELECT item_barcode FROM loan WHERE returned_at IS NULL AND item_barcode = '39000000000011'`)).toHaveLength(1);
  });

  it('borrow and renew switched off: refused in the borrower’s language', async () => {
    await kiosk({ operations: { borrow: false, return: true, renew: false } });
    await signIn();
    expect(await refused('kiosk.checkout', { itemId: '39000000000011', language: 'en' })).toEqual({
      code: 'kiosk.disabled.borrow',
      message: 'Borrowing is not offered at this machine. Please ask the staff.',
    });
    expect(await refused('kiosk.renew', { itemId: '39000000000011', language: 'sv' })).toEqual({
      code: 'kiosk.disabled.renew',
      message: 'Omlån går inte att göra i den här automaten. Fråga personalen.',
    });
  });

  it('no PIN: the card alone signs in', async () => {
    await kiosk({ pinPolicy: 'none' });
    expect(await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toMatchObject({ stage: 'active', firstName: 'Alva' });
    expect(await call('kiosk.settings', {})).toMatchObject({ pinPolicy: 'none' });
  });

  it('wrong PINs before a lockout and its length: locked after 2, for 5 minutes', async () => {
    await kiosk({ maxPinFailures: 2, lockoutMinutes: 5 });
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    expect(await refused('kiosk.pin', { pin: '9999', language: 'en' })).toEqual({ code: 'kiosk.pin.attemptsLeft', message: 'Wrong PIN code. You can try 1 more time.' });
    expect(await refused('kiosk.pin', { pin: '9998', language: 'da' })).toEqual({
      code: 'kiosk.refusal.locked-out.minutes',
      message: 'For mange forkerte pinkoder. Prøv igen om 5 minutter, eller spørg personalet.',
    });
  });

  it('idle sign-out: the session ends after the set seconds without a touch', async () => {
    await kiosk({ idleWarningSeconds: 10, idleSignOutSeconds: 30 });
    await signIn();
    expect(await call('kiosk.settings', {})).toMatchObject({ idleWarningSeconds: 10, idleSignOutSeconds: 30 });
    clock = new Date(clock.getTime() + 29_000);
    expect(services.kiosk.view()).not.toBeNull();
    clock = new Date(clock.getTime() + 2_000);
    expect(services.kiosk.view()).toBeNull();
  });

  it('receipt: none offers no receipt; print-only refuses e-mail', async () => {
    await kiosk({ receipt: 'none' });
    await signIn();
    expect(await refused('kiosk.receipt', { delivery: 'print', language: 'en' })).toEqual({ code: 'kiosk.receipt.notOffered', message: 'This machine does not give that kind of receipt.' });
    await setKiosk({ receipt: 'print' });
    expect(await refused('kiosk.receipt', { delivery: 'email', language: 'sv' })).toEqual({ code: 'kiosk.receipt.notOffered', message: 'Den här automaten ger inte det slaget av kvitto.' });
    expect(await call('kiosk.receipt', { delivery: 'print', language: 'en' })).toMatchObject({ emailed: false });
    expect(all(services.db, sql`SELECT 1 FROM mail_outbox`)).toEqual([]);
  });

  it('typed identity numbers: off refuses them in words; on, a Swedish kiosk reads a personnummer', async () => {
    await kiosk({ allowTypedIdentity: false });
    expect(await refused('kiosk.identify', { identityNumber: demoBorrower.identityNumber, language: 'en' })).toMatchObject({ code: 'kiosk.refusal.typed-identity-not-allowed' });
    await setKiosk({ country: 'SE' });
    expect(await call('kiosk.identify', { identityNumber: demoBorrower.identityNumber })).toMatchObject({ stage: 'pin', firstName: 'Alva' });
  });
});

describe('the borrower’s language after sign-in', () => {
  it('localizes a malformed field in the language the request names, not the terminal’s', async () => {
    await kiosk();
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    const result = await services.dispatcher.dispatch('kiosk.pin', { pin: '12', language: 'da' }, ctx);
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'pin', message: 'Pinkoden er 4 til 8 cifre.' }] } });
  });
});
