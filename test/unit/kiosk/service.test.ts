import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { all, get, run, sql } from '../../../src/main/db/sql';
import { kioskCalls } from '../../helpers/kiosk-calls';
import { testServices } from '../../helpers/services';

let services: AppServices;
let clock: Date;
const ctx = { host: 'web' } as const;
const { call, refused } = kioskCalls(() => services);

beforeEach(async () => {
  clock = new Date('2026-11-25T10:00:00Z');
  services = testServices({ initialConfig: { mode: 'kiosk', language: 'en' }, now: () => clock });
  await services.seedDemo();
});
afterEach(() => services.close());

describe('kiosk self-check session', () => {
  it('identifies by card, asks for the PIN, then borrows, renews, returns and mails a receipt', async () => {
    expect(await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toMatchObject({ stage: 'pin', firstName: 'Alva' });
    // Nothing but a session view reaches the page: no identity number.
    expect(JSON.stringify(await call('kiosk.session', {}))).not.toContain(demoBorrower.identityNumber);
    await expect(services.dispatcher.dispatch('kiosk.account', {}, ctx)).resolves.toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await call('kiosk.pin', { pin: '1234' })).toMatchObject({ stage: 'active' });

    const out = await call('kiosk.checkout', { itemId: '39000000000011', language: 'en' });
    expect(out).toEqual({
      ok: true,
      itemId: '39000000000011',
      title: 'Pippi Långstrump',
      dueDate: '2026-12-23',
      message: 'Borrowed: Pippi Långstrump. Return by 23 December 2026.',
      // The key and title go along, so the page can say it again when the borrower changes language.
      code: 'kiosk.result.checkout',
      params: { title: 'Pippi Långstrump' },
    });
    // Scanning a book you already have says so.
    expect(await call('kiosk.checkout', { itemId: '39000000000011', language: 'sv' })).toMatchObject({ ok: false, message: 'Du har redan lånat den här boken.' });
    expect(await call('kiosk.checkout', { itemId: 'nope', language: 'en' })).toMatchObject({ ok: false, message: 'We do not know this book. Please ask the staff.' });
    expect(await call('kiosk.account', {})).toMatchObject({
      loans: [{ itemId: '39000000000011', title: 'Pippi Långstrump', dueDate: '2026-12-23', renewals: 0, overdue: false }],
      holdsReady: [{ itemId: '39000000000086', title: 'Röda rummet' }],
    });

    clock = new Date('2026-11-25T10:01:00Z');
    // The same day as the loan: a renewal would move nothing, and says so (no renewal used up).
    expect(await call('kiosk.renew', { itemId: '39000000000011', language: 'en' })).toMatchObject({
      ok: false,
      message: 'Renewing today would not change the return date, so nothing was changed.',
    });
    expect(get(services.db, sql`SELECT renewals FROM loan WHERE item_barcode = '39000000000011'`)).toEqual({ renewals: 0 });
    // A loan from earlier (due sooner) is renewed.
    run(services.db, sql`UPDATE loan SET due_date = '2026-12-01' WHERE item_barcode = '39000000000011'`);
    expect(await call('kiosk.renew', { itemId: '39000000000011', language: 'en' })).toMatchObject({ ok: true, dueDate: '2026-12-23' });
    expect(await call('kiosk.checkin', { itemId: '39000000000011', language: 'da' })).toMatchObject({ ok: true, message: 'Afleveret: Pippi Långstrump. Tak!' });

    const receipt = await call('kiosk.receipt', { delivery: 'email', language: 'en' });
    expect(receipt).toMatchObject({ emailed: true });
    // The preview: the library's name, date and time, then each item with its barcode; no printer here.
    expect((receipt.lines as string[]).slice(2)).toEqual([
      '',
      'Borrowed: Pippi Långstrump. Return by 23 December 2026.',
      'Barcode: 39000000000011',
      '',
      'Renewed: Pippi Långstrump. Return by 23 December 2026.',
      'Barcode: 39000000000011',
      '',
      'Returned: Pippi Långstrump.',
      'Barcode: 39000000000011',
      '',
      'Thank you for your visit!',
    ]);
    expect((receipt.lines as string[])[0]).toBe('Lånedisk');
    expect(receipt).not.toHaveProperty('printed');
    expect(get(services.db, sql`SELECT template_id, recipient FROM mail_outbox`)).toEqual({ template_id: 'loan-receipt', recipient: demoBorrower.email });
    const mailed = get<{ params: string }>(services.db, sql`SELECT params FROM mail_outbox`);
    expect(mailed?.params).toContain('Barcode: 39000000000011');
    // The sign-in (borrower activity) and every loan change went to the outbox for the central register.
    expect(all<{ kind: string }>(services.db, sql`SELECT kind FROM outbox ORDER BY seq`).map((r) => r.kind)).toEqual(['borrower.activity', 'loan.checkout', 'loan.renew', 'loan.checkin']);
    await call('kiosk.end', {});
    expect(await call('kiosk.session', {})).toBeNull();
  });

  it('offers no e-mail receipt to a borrower without e-mail (optional at Danish libraries) and mails nothing', async () => {
    run(services.db, sql`UPDATE borrower SET email = NULL WHERE id = ${demoBorrower.id}`);
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    expect(await call('kiosk.pin', { pin: '1234' })).toMatchObject({ stage: 'active', noEmail: true });
    await call('kiosk.checkout', { itemId: '39000000000011', language: 'en' });
    expect(await call('kiosk.receipt', { delivery: 'email', language: 'en' })).toMatchObject({ emailed: false });
    expect(all(services.db, sql`SELECT id FROM mail_outbox`)).toEqual([]);
  });

  it('locks the card out after repeated wrong PINs, and lets it in again later', async () => {
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    expect(await refused('kiosk.pin', { pin: '0000' })).toEqual({ code: 'kiosk.pin.attemptsLeft', message: 'Wrong PIN code. You can try 2 more times.' });
    // In the borrower's chosen language (the terminal's is English), singular where it is one.
    expect(await refused('kiosk.pin', { pin: '1111', language: 'sv' })).toMatchObject({ code: 'kiosk.pin.attemptsLeft', message: 'Fel PIN-kod. Du kan försöka 1 gång till.' });
    expect(await refused('kiosk.pin', { pin: '2222', language: 'da' })).toMatchObject({
      code: 'kiosk.refusal.locked-out.minutes',
      message: 'For mange forkerte pinkoder. Prøv igen om 15 minutter, eller spørg personalet.',
    });
    expect(await call('kiosk.session', {})).toBeNull();
    clock = new Date('2026-11-25T10:14:30Z');
    // How long is left, rounded up.
    expect(await refused('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toMatchObject({
      code: 'kiosk.refusal.locked-out.minutes',
      message: 'Too many wrong PIN codes. Try again in 1 minute or ask the staff.',
    });
    clock = new Date('2026-11-25T10:16:00Z');
    expect(await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toMatchObject({ stage: 'pin' });
    expect(await call('kiosk.pin', { pin: '1234' })).toMatchObject({ stage: 'active' });
  });

  it('keeps a PIN lockout across a restart of the terminal (counted in its database, like the door)', async () => {
    services.close();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lanedisk-kiosk-'));
    try {
      services = testServices({ dataDir, initialConfig: { mode: 'kiosk', language: 'en' }, now: () => clock });
      await services.seedDemo();
      await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
      expect(await refused('kiosk.pin', { pin: '0000' })).toMatchObject({ message: 'Wrong PIN code. You can try 2 more times.' });
      services.close();
      // One wrong guess is remembered too: a restart does not hand out fresh attempts.
      services = testServices({ dataDir, initialConfig: { mode: 'kiosk', language: 'en' }, now: () => clock });
      await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
      expect(await refused('kiosk.pin', { pin: '1111' })).toMatchObject({ message: 'Wrong PIN code. You can try 1 more time.' });
      expect(await refused('kiosk.pin', { pin: '2222' })).toMatchObject({ code: 'kiosk.refusal.locked-out.minutes' });
      services.close();
      services = testServices({ dataDir, initialConfig: { mode: 'kiosk', language: 'en' }, now: () => clock });
      expect(await refused('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toMatchObject({ code: 'kiosk.refusal.locked-out.minutes' });
      clock = new Date('2026-11-25T10:16:00Z');
      expect(await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toMatchObject({ stage: 'pin' });
      expect(await call('kiosk.pin', { pin: '1234' })).toMatchObject({ stage: 'active' });
      expect(get(services.db, sql`SELECT count(*) AS n FROM door_pin_failure`)).toEqual({ n: 0 });
    } finally {
      services.close();
      rmSync(dataDir, { recursive: true, force: true });
      // afterEach closes again: give it a fresh in-memory terminal.
      services = testServices({ initialConfig: { mode: 'kiosk', language: 'en' }, now: () => clock });
    }
  });

  it('refuses unknown, expired and blocked cards with plain words', async () => {
    expect(await refused('kiosk.identify', { cardNumber: '123' })).toEqual({ code: 'kiosk.refusal.unknown-card', message: 'We do not know this card. Please ask the staff.' });
    run(services.db, sql`UPDATE borrower SET valid_until = '2026-11-24' WHERE id = ${demoBorrower.id}`);
    expect(await refused('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toEqual({ code: 'kiosk.refusal.expired', message: 'Your library card is no longer valid. Please ask the staff to renew it.' });
    run(services.db, sql`UPDATE borrower SET valid_until = NULL, blocked = 1 WHERE id = ${demoBorrower.id}`);
    expect(await refused('kiosk.identify', { identityNumber: '811218-9876' })).toEqual({ code: 'kiosk.refusal.blocked', message: 'Your card is blocked. Please ask the staff.' });
  });

  it('ends an unattended session after the idle time', async () => {
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    await call('kiosk.pin', { pin: '1234' });
    clock = new Date('2026-11-25T10:01:31Z');
    expect(await call('kiosk.session', {})).toBeNull();
    await expect(services.dispatcher.dispatch('kiosk.checkout', { itemId: '39000000000011', language: 'en' }, ctx)).resolves.toMatchObject({ ok: false, error: { message: 'Please show your card first.' } });
  });

  it('refuses to renew a book someone else reserved, and takes returns without a card', async () => {
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    await call('kiosk.pin', { pin: '1234' });
    await call('kiosk.checkout', { itemId: '39000000000029', language: 'en' });
    run(
      services.db,
      sql`INSERT INTO borrower (id, register_type, identity_kind, identity_number, first_name, last_name, email, agreement_accepted_at, created_at, created_by, updated_at, protected)
          VALUES ('other', 'adult', 'se-personnummer', '197001010000', 'O', 'Ther', 'other@example.se', 'x', 'x', 'x', 'x', 1)`,
    );
    run(services.db, sql`UPDATE item SET hold_for = 'other' WHERE barcode = '39000000000029'`);
    expect(await call('kiosk.renew', { itemId: '39000000000029', language: 'en' })).toMatchObject({ ok: false, message: 'Someone else has reserved this book.' });
    await call('kiosk.end', {});
    expect(await call('kiosk.checkin', { itemId: '39000000000029', language: 'en' })).toMatchObject({ ok: true, message: 'Returned: Mio, min Mio. Thank you!' });
  });
});
