import { describe, expect, it } from 'vitest';
import { RegistrationInputSchema, checkRegistration, type RegistrationInput } from '../../../src/shared/desk/registration';
import { adult, cpr, pnr, today } from '../../helpers/desk';
import { createTranslator } from '../../../src/main/ipc/translator';

const ctx = { today, country: 'SE' as const };

function check(input: RegistrationInput) {
  return checkRegistration(RegistrationInputSchema.parse(input), ctx);
}
function messages(input: RegistrationInput) {
  const result = check(input);
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('registration rules (MTM handbook)', () => {
  it('accepts a complete adult registration and normalises identity and e-mail', () => {
    const result = check(adult({ identityNumber: '811218-9876', email: 'Asa.Oberg@Example.SE' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.identity).toMatchObject({ kind: 'se-personnummer', normalised: '198112189876', birthDate: '1981-12-18' });
    expect(result.value.email).toBe('asa.oberg@example.se');
    expect(result.value.validUntil).toBeUndefined();
  });

  it('requires the agreement box', () => {
    expect(messages(adult({ agreementAccepted: false }))).toEqual(['agreementAccepted: desk.error.agreementRequired']);
  });

  it('refuses a person with a legal administrator (förvaltare), who cannot sign', () => {
    expect(messages(adult({ hasLegalAdministrator: true }))).toEqual(['hasLegalAdministrator: desk.error.legalAdministrator']);
  });

  it('reports an invalid identity number with the identity module reason', () => {
    expect(messages(adult({ identityNumber: '811218-9875' }))).toEqual(['identityNumber: identity.reason.checksum']);
    expect(messages(adult({ identityNumber: '811218-T875' }))).toEqual(['identityNumber: identity.reason.interim-number']);
  });

  it('needs the under-18 form for a minor, and the adult form for an adult', () => {
    expect(messages(adult({ identityNumber: pnr('2015-03-01') }))).toEqual(['registerType: desk.error.minorUseMinorForm']);
    expect(messages(adult({ registerType: 'minor', guardianName: 'G', guardianBirthDate: '1980-01-01' }))).toEqual([
      'registerType: desk.error.adultUseAdultForm',
    ]);
  });

  it('needs the guardian’s name and an adult guardian’s birth date for a minor', () => {
    const minor = adult({ registerType: 'minor', identityNumber: pnr('2015-03-01') });
    expect(messages(minor)).toEqual(['guardianName: desk.error.required', 'guardianBirthDate: desk.error.required']);
    expect(messages({ ...minor, guardianName: 'Gun', guardianBirthDate: '2010-01-01' })).toEqual(['guardianBirthDate: desk.error.guardianMinor']);
    expect(check({ ...minor, guardianName: 'Gun', guardianBirthDate: '1985-06-30' }).ok).toBe(true);
  });

  it('turns 18 exactly on the birthday', () => {
    expect(messages(adult({ identityNumber: pnr('2008-11-25') }))).toEqual([]);
    expect(messages(adult({ identityNumber: pnr('2008-11-26') }))).toEqual(['registerType: desk.error.minorUseMinorForm']);
  });

  it('requires a validity of at most one year for a samordningsnummer', () => {
    const base = adult({ identityNumber: pnr('1990-05-04', 222, true) });
    expect(messages(base)).toEqual(['validUntil: desk.error.validityRequiredSamordning']);
    expect(messages({ ...base, validUntil: '2027-11-26' })).toEqual(['validUntil: desk.error.validityTooLongUntil']);
    expect(messages({ ...base, validUntil: '2027-11-25' })).toEqual([]);
  });

  it('names the latest allowed date of a samordningsnummer account, written in each language through Intl', () => {
    const result = check({ ...adult({ identityNumber: pnr('1990-05-04', 222, true) }), validUntil: '2030-01-01' });
    expect(result.ok ? [] : result.issues).toEqual([{ path: 'validUntil', message: 'desk.error.validityTooLongUntil', params: { date: '2027-11-25' } }]);
    const translator = createTranslator();
    const say = (language: 'sv' | 'da' | 'en') => translator.t(language, 'desk.error.validityTooLongUntil', { date: '2027-11-25' });
    expect(say('sv')).toBe('Ett konto med samordningsnummer kan gälla högst ett år i taget: senast till 25 november 2027.');
    expect(say('da')).toBe('En konto med samordningsnummer kan højst gælde et år ad gangen: senest til 25. november 2027.');
    expect(say('en')).toBe('An account with a coordination number can be valid for at most one year at a time: until 25 November 2027 at the latest.');
  });

  it('requires a validity for an LMA card holder, and an LMA number on the LMA form', () => {
    const lma = adult({ registerType: 'adult-lma', identityNumber: '12-345678' });
    expect(messages(lma)).toEqual(['validUntil: desk.error.validityRequiredLma']);
    expect(check({ ...lma, validUntil: '2027-03-31' })).toMatchObject({ ok: true, value: { identity: { kind: 'se-lma', normalised: '12-345678' } } });
    expect(messages({ ...lma, identityNumber: '811218-9876', validUntil: '2027-03-31' })[0]).toMatch(/^identityNumber: identity\.reason\./);
  });

  it('refuses a validity date in the past', () => {
    expect(messages(adult({ validUntil: '2026-11-24' }))).toEqual(['validUntil: desk.error.validityPast']);
  });

  it('needs a password of at least 6 characters when no login mail is sent', () => {
    expect(messages(adult({ sendLoginDetails: false, password: '12345' }))).toEqual(['password: desk.error.passwordShort']);
    expect(messages(adult({ sendLoginDetails: false, password: '123456' }))).toEqual([]);
  });

  it('accepts a Danish CPR at a Danish library, also one failing the old mod-11 check', () => {
    const result = checkRegistration(RegistrationInputSchema.parse(adult({ identityNumber: cpr('1961-07-07', 4286) })), { today, country: 'DK' });
    expect(result).toMatchObject({ ok: true, value: { identity: { kind: 'dk-cpr', warnings: ['cpr-check-digit'] } } });
  });

  it('collects every broken rule at once', () => {
    expect(messages(adult({ agreementAccepted: false, identityNumber: '811218-9875', validUntil: '2020-01-01', sendLoginDetails: false }))).toEqual([
      'agreementAccepted: desk.error.agreementRequired',
      'identityNumber: identity.reason.checksum',
      'validUntil: desk.error.validityPast',
      'password: desk.error.passwordShort',
    ]);
  });

  it('rejects form shape errors with message keys', () => {
    const parsed = RegistrationInputSchema.safeParse({ ...adult(), email: 'not-an-address', firstName: '  ' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).sort()).toEqual(['email: desk.error.email', 'firstName: desk.error.required']);
  });
});
