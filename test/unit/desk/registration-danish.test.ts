import { describe, expect, it } from 'vitest';
import { RegistrationInputSchema, checkRegistration, type RegistrationInput } from '../../../src/shared/desk/registration';
import type { IdentityCountry } from '../../../src/shared/identity';
import { adult, cpr, today } from '../../helpers/desk';
import { createTranslator } from '../../../src/main/ipc/translator';

function check(input: RegistrationInput, country: IdentityCountry) {
  return checkRegistration(RegistrationInputSchema.parse(input), { today, country });
}
function messages(input: RegistrationInput, country: IdentityCountry) {
  const result = check(input, country);
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
}
const dane = (overrides: Partial<RegistrationInput> = {}) => adult({ identityNumber: cpr('1975-04-02', 1234), ...overrides });

describe('registration form by the library country (issue 11, Danish libraries)', () => {
  it('takes a Danish address, the CPR name and address protection and an alternative number at a Danish library', () => {
    const result = check(dane({ street: 'Krystalgade 15', postcode: '1172', town: 'København K', altNumber: ' 40001234 ', addressProtected: true }), 'DK');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ street: 'Krystalgade 15', postcode: '1172', town: 'København K', altNumber: '40001234', addressProtected: true });
    // Name and address protection hides the borrower with the protected-identity marker.
    expect(result.value.protectedIdentity).toBe(true);
  });

  it('leaves address and alternative number optional at a Danish library', () => {
    const result = check(dane(), 'DK');
    expect(result).toMatchObject({ ok: true, value: { altNumber: undefined, protectedIdentity: false } });
    expect(messages(dane({ altNumber: '', street: '' }), 'DK')).toEqual([]);
  });

  it('refuses a postcode that is not four digits and an alternative number that is not 6 to 12 digits', () => {
    expect(messages(dane({ postcode: '11720', altNumber: '12a456' }), 'DK')).toEqual(['postcode: desk.error.postcodeDk', 'altNumber: desk.error.altNumberFormat']);
    expect(messages(dane({ altNumber: '12345' }), 'DK')).toEqual(['altNumber: desk.error.altNumberFormat']);
    expect(messages(dane({ altNumber: '1234567890123' }), 'DK')).toEqual(['altNumber: desk.error.altNumberFormat']);
  });

  it('refuses a CPR number as the alternative number, which is there to keep the CPR number unsaid', () => {
    expect(messages(dane({ altNumber: cpr('1980-01-15', 4321).replace('-', '') }), 'DK')).toEqual(['altNumber: desk.error.altNumberIsCpr']);
  });

  it('keeps the Swedish form unchanged: the Danish fields are refused there', () => {
    expect(messages(adult(), 'SE')).toEqual([]);
    expect(messages(adult({ altNumber: '40001234', postcode: '1172', addressProtected: true }), 'SE')).toEqual([
      'postcode: desk.error.danishOnly',
      'altNumber: desk.error.danishOnly',
      'addressProtected: desk.error.danishOnly',
    ]);
  });

  it('words the new refusals in Swedish, Danish and English', () => {
    const translator = createTranslator();
    for (const [language, text] of [
      ['sv', 'Det alternativa låntagarnumret får inte vara ett CPR-nummer.'],
      ['da', 'Det alternative lånernummer må ikke være et CPR-nummer.'],
      ['en', 'The alternative borrower number must not be a CPR number.'],
    ] as const) {
      expect(translator.t(language, 'desk.error.altNumberIsCpr')).toBe(text);
    }
  });
});
