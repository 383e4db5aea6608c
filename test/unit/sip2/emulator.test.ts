import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Sip2Client } from '../../../src/main/sip2/client';
import { Sip2Emulator } from '../../../src/main/sip2/emulator';
import { amountToCents, centsToAmount, EmulatorLibrary, type EmulatorLibraryOptions } from '../../../src/main/sip2/emulator-library';
import { BLANK_TIMESTAMP, formatSip2Timestamp } from '../../../src/main/sip2/fields';
import { encodeMessage, patronInformationResponse, type CheckinRequest, type CheckoutRequest, type PatronInformationRequest, type RenewRequest } from '../../../src/main/sip2/messages';
import { silentLogger } from '../../helpers/logger';

const NOW = new Date(2025, 2, 10, 12, 0, 0);
const DAY = 86_400_000;
const ts = formatSip2Timestamp(NOW);

function library(options: Partial<EmulatorLibraryOptions> = {}) {
  return new EmulatorLibrary({
    now: () => NOW,
    maxRenewals: 2,
    feeLimit: '50.00',
    patrons: [
      { id: 'P1', pin: '1111', name: 'Ada' },
      { id: 'P2', name: 'Bo' },
      { id: 'P3', name: 'Cy', fines: [{ amount: '30.00', description: 'Lost item' }, { amount: '25.50', description: 'Damage' }] },
    ],
    items: [
      { id: 'I1', title: 'One' },
      { id: 'I2', title: 'Two', rentalFee: '10.00' },
      { id: 'I3', title: 'Three', status: 'on-hold-shelf', holdQueue: ['P2'] },
      { id: 'I4', title: 'Four', status: 'charged', patronId: 'P1', dueDate: new Date(NOW.getTime() - 3 * DAY) },
      { id: 'I5', title: 'Five', status: 'missing' },
    ],
    ...options,
  });
}

/** What a checkout and a renewal of `itemId` to `patronId` both carry. */
const loanRequest = (patronId: string, itemId: string) => ({
  noBlock: false,
  transactionDate: ts,
  nbDueDate: BLANK_TIMESTAMP,
  institutionId: 'X',
  patronId,
  itemId,
});
const checkout = (patronId: string, itemId: string, extra: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  ...loanRequest(patronId, itemId),
  scRenewalPolicy: true,
  terminalPassword: '',
  ...extra,
});
const renew = (patronId: string, itemId: string): RenewRequest => ({ ...loanRequest(patronId, itemId), thirdPartyAllowed: false });
const checkin = (itemId: string): CheckinRequest => ({
  noBlock: false,
  transactionDate: ts,
  returnDate: ts,
  currentLocation: '',
  institutionId: 'X',
  itemId,
  terminalPassword: '',
});
const info = (patronId: string, extra: Partial<PatronInformationRequest> = {}): PatronInformationRequest => ({
  language: '006',
  transactionDate: ts,
  summary: [],
  institutionId: 'X',
  patronId,
  ...extra,
});

describe('emulated library rules', () => {
  it('lends for loanDays with a SIP2 due date, and renews up to the limit', () => {
    const lib = library();
    const out = lib.checkout(checkout('P1', 'I1'));
    expect(out).toMatchObject({ ok: true, dueDate: formatSip2Timestamp(new Date(NOW.getTime() + 28 * DAY)), title: 'One' });
    expect(lib.renew(renew('P1', 'I1'))).toMatchObject({ ok: true, renewalOk: true });
    expect(lib.renew(renew('P1', 'I1'))).toMatchObject({ ok: true });
    expect(lib.renew(renew('P1', 'I1'))).toMatchObject({ ok: false, screenMessages: ['This item cannot be renewed again.'] });
    expect(lib.renew(renew('P2', 'I1'))).toMatchObject({ ok: false, screenMessages: ['This item is not on loan to you.'] });
  });

  it('checking out an item one already has is a renewal (renewal ok = Y)', () => {
    const lib = library();
    expect(lib.checkout(checkout('P1', 'I4'))).toMatchObject({ ok: true, renewalOk: true });
    expect(lib.checkout(checkout('P1', 'I4', { scRenewalPolicy: false }))).toMatchObject({ ok: false, screenMessages: ['You already have this item.'] });
  });

  it('asks for the rental fee to be acknowledged first (BT 06, BV), then charges it', () => {
    const lib = library();
    expect(lib.checkout(checkout('P1', 'I2'))).toMatchObject({ ok: false, feeType: 6, feeAmount: '10.00', currency: 'SEK' });
    expect(lib.checkout(checkout('P1', 'I2', { feeAcknowledged: true }))).toMatchObject({ ok: true, feeAmount: '10.00' });
    expect(lib.feesCents(lib.patrons.get('P1')!)).toBe(1000);
  });

  it('keeps a reserved item for the first in the hold queue', () => {
    const lib = library();
    expect(lib.checkout(checkout('P1', 'I3'))).toMatchObject({ ok: false, screenMessages: ['This item is reserved for another borrower.'] });
    const ready = lib.patronInformation(info('P2', { summary: ['holds'] }));
    expect(ready).toMatchObject({ holdItemsCount: 1, holds: ['I3'], screenMessages: ['1 reservation(s) ready to collect.'] });
    expect(lib.checkout(checkout('P2', 'I3'))).toMatchObject({ ok: true });
    expect(lib.items.get('I3')!.holdQueue).toEqual([]);
  });

  it('a return of a reserved item raises the alert and goes to the hold shelf; renewals of it are refused', () => {
    const lib = library();
    lib.items.get('I4')!.holdQueue = ['P2'];
    expect(lib.renew(renew('P1', 'I4'))).toMatchObject({ ok: false, screenMessages: ['This item is reserved by another borrower and cannot be renewed.'] });
    expect(lib.checkin(checkin('I4'))).toMatchObject({ ok: true, alert: true, sortBin: '2', patronId: 'P1' });
    expect(lib.items.get('I4')!.status).toBe('on-hold-shelf');
    expect(lib.checkin(checkin('I4'))).toMatchObject({ ok: false, screenMessages: ['This item was not on loan.'] });
    expect(lib.checkin(checkin('NOPE'))).toMatchObject({ ok: false, alert: true });
  });

  it('blocks borrowing at the fee limit and lists fines (AV) and overdues (AT)', () => {
    const lib = library();
    expect(lib.checkout(checkout('P3', 'I1'))).toMatchObject({ ok: false, screenMessages: ['You have unpaid fees. Please contact the staff.'] });
    const cy = lib.patronInformation(info('P3', { summary: ['fines'] }));
    expect(cy).toMatchObject({ feeAmount: '55.50', fineItemsCount: 2, fines: ['30.00 SEK Lost item', '25.50 SEK Damage'] });
    expect(cy.patronStatus).toMatchObject({ chargePrivilegesDenied: true, excessiveOutstandingFines: true });
    const ada = lib.patronInformation(info('P1', { summary: ['overdues'] }));
    expect(ada).toMatchObject({ overdueItemsCount: 1, overdues: ['I4'], chargedItemsCount: 1, charged: [] });
  });

  it('sends the BP..BQ slice of the requested list', () => {
    const lib = library({ items: Array.from({ length: 6 }, (_, i) => ({ id: `L${i + 1}`, title: `Loan ${i + 1}`, status: 'charged' as const, patronId: 'P2' })) });
    expect(lib.patronInformation(info('P2', { summary: ['charged'], startItem: 2, endItem: 4 })).charged).toEqual(['L2', 'L3', 'L4']);
    expect(lib.patronInformation(info('P2', { summary: ['charged'], startItem: 6 })).charged).toEqual(['L6']);
    expect(lib.patronInformation(info('P2', { summary: ['charged'], startItem: 9 })).charged).toEqual([]);
  });

  it('refuses items that are missing, unknown or out to someone else', () => {
    const lib = library();
    expect(lib.checkout(checkout('P2', 'I5')).ok).toBe(false);
    expect(lib.checkout(checkout('P2', 'NOPE')).screenMessages).toEqual(['This item is not in the catalogue. Please ask the staff.']);
    expect(lib.checkout(checkout('P2', 'I4')).screenMessages).toEqual(['This item is already on loan.']);
    expect(lib.checkout(checkout('NOBODY', 'I1')).screenMessages).toEqual(['Unknown borrower. Please ask the staff.']);
    expect(lib.itemInformation({ transactionDate: ts, institutionId: 'X', itemId: 'NOPE' })).toMatchObject({ circulationStatus: 1, title: '' });
    expect(lib.itemInformation({ transactionDate: ts, institutionId: 'X', itemId: 'I3' })).toMatchObject({ circulationStatus: 8, holdQueueLength: 1 });
  });

  it('checks PINs only when one is given, and SC logins against the accounts', () => {
    const lib = library({ accounts: [{ user: 'sc', password: 'pw' }] });
    expect(lib.patronInformation(info('P1')).validPassword).toBeUndefined();
    expect(lib.patronInformation(info('P1', { patronPassword: '1111' })).validPassword).toBe(true);
    expect(lib.patronInformation(info('P1', { patronPassword: '1112' })).validPassword).toBe(false);
    // A patron without a PIN: any password is right.
    expect(lib.patronInformation(info('P2', { patronPassword: 'x' })).validPassword).toBe(true);
    expect(lib.login({ uidAlgorithm: '0', pwdAlgorithm: '0', userId: 'sc', password: 'pw' })).toBe(true);
    expect(lib.login({ uidAlgorithm: '0', pwdAlgorithm: '0', userId: 'sc', password: 'no' })).toBe(false);
  });

  it('leaves the e-mail field (BE) out for a patron without e-mail, and sends it for one with', () => {
    const lib = library({ patrons: [{ id: 'DK1', name: 'Dorte', email: null }, { id: 'DK2', name: 'Dan', email: '' }, { id: 'SE1', name: 'Sara', email: 'sara@example.se' }] });
    expect(lib.patronInformation(info('DK1')).email).toBeUndefined();
    expect(lib.patronInformation(info('DK2')).email).toBeUndefined();
    expect(encodeMessage(patronInformationResponse, lib.patronInformation(info('DK1')))).not.toContain('|BE');
    expect(lib.patronInformation(info('SE1')).email).toBe('sara@example.se');
    expect(encodeMessage(patronInformationResponse, lib.patronInformation(info('SE1')))).toContain('|BEsara@example.se|');
  });

  it('does money in cents', () => {
    expect(amountToCents('25.50')).toBe(2550);
    expect(amountToCents('7,5')).toBe(750);
    expect(amountToCents('abc')).toBe(0);
    expect(centsToAmount(2505)).toBe('25.05');
  });
});

describe('the emulator on the wire', () => {
  const emulators: Sip2Emulator[] = [];
  afterEach(async () => {
    for (const emulator of emulators.splice(0)) await emulator.stop();
  });

  const exchange = (port: number, lines: string[]) =>
    new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (data) => (text += data.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.write(lines.join(''));
      setTimeout(() => socket.end(), 150);
    });

  it('drops a connection that skips the login, and ignores commands it does not know', async () => {
    const emulator = new Sip2Emulator({ accounts: [{ user: 'sc', password: 'pw' }] });
    emulators.push(emulator);
    const { port } = await emulator.start();
    expect(await exchange(port, ['9900302.00\r'])).toBe('');
    const answered = await exchange(port, ['9300CNsc|COpw|\r', '65ZZ\r', '9900302.00\r']);
    expect(answered.split('\r').filter(Boolean).map((m) => m.slice(0, 2))).toEqual(['94', '98']);
    expect(emulator.received).toEqual(['99', '93', '65', '99']);
  });

  it('answers without checksum or AY when the request had none (mirror)', async () => {
    const emulator = new Sip2Emulator();
    emulators.push(emulator);
    const { port } = await emulator.start();
    const reply = await exchange(port, ['9300CNa|COb|\r']);
    expect(reply).toBe('941\r');
  });

  it('serves a client with many sessions', async () => {
    const emulator = new Sip2Emulator({ patrons: [{ id: 'P', name: 'P' }], items: [{ id: 'I', title: 'T' }] });
    emulators.push(emulator);
    const { port } = await emulator.start();
    const client = new Sip2Client({ config: { host: '127.0.0.1', port }, log: silentLogger });
    for (let i = 0; i < 25; i++) {
      expect((await client.checkout('P', 'I')).ok).toBe(true);
      expect((await client.checkin('I')).ok).toBe(true);
    }
    await client.close();
  });
});
