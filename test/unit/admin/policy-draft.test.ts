import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { checkPolicy, draftOf, policyOf } from '../../../src/admin/policyDraft';
import { DoorPolicySchema } from '../../../src/shared/door/policy';
import { i18nOptions } from '../../../src/shared/i18n/resources';

const i18n = i18next.createInstance();
void i18n.init({ ...i18nOptions, lng: 'en', initAsync: false });
const check = (policy: unknown, language: 'sv' | 'da' | 'en') => {
  const t = i18n.getFixedT(language);
  return checkPolicy(policy, (key, params) => t(key, params ?? {}), (key) => i18n.exists(key));
};

const stored = DoorPolicySchema.parse({
  schedule: { timeZone: 'Europe/Copenhagen', weekly: { mon: [{ from: '08:00', to: '20:00' }], fri: [{ from: '22:00', to: '02:00' }] }, exceptions: [{ date: '2026-12-24', intervals: [], note: 'Juleaften' }] },
  minAge: 15,
  pinPolicy: 'optional',
  allowedCategories: ['adult'],
  kiosk: { receipt: 'print' },
});

describe('the admin page policy form (policyDraft)', () => {
  it('gives back the stored policy unchanged, the fields it has no inputs for (kiosk, categories) included', () => {
    const result = check(policyOf(draftOf(stored)), 'en');
    expect(result).toEqual({ ok: true, policy: stored });
  });

  it('reads blank numbers as "no rule" (or the default) and an exception marked closed as no hours', () => {
    const draft = draftOf(stored);
    const result = check(policyOf({ ...draft, minAge: ' ', maxPinFailures: '', exceptions: [{ date: '2026-12-31', closed: true, intervals: [{ from: '10:00', to: '14:00' }], note: '' }] }), 'en');
    expect(result.ok && result.policy.minAge).toBe(undefined);
    expect(result.ok && result.policy.maxPinFailures).toBe(5);
    expect(result.ok && result.policy.schedule.exceptions).toEqual([{ date: '2026-12-31', intervals: [] }]);
  });

  it('says each problem on its field in the language asked, with the register schema’s own sentences', () => {
    const draft = draftOf(stored);
    const bad = policyOf({ ...draft, weekly: { ...draft.weekly, tue: [{ from: '10:00', to: '10:00' }], wed: [{ from: '9', to: '12:00' }] }, lockoutMinutes: 'abc' });
    expect(check(bad, 'sv')).toEqual({
      ok: false,
      issues: {
        'schedule.weekly.tue.0.to': 'Start- och sluttiden är samma.',
        'schedule.weekly.wed.0.from': 'Skriv tiden som TT:MM (00:00-23:59; 24:00 bara som sluttid).',
        lockoutMinutes: 'Skriv ett tal.',
      },
    });
    const danish = check(bad, 'da');
    expect(!danish.ok && danish.issues['schedule.weekly.tue.0.to']).toBe('Start- og sluttidspunktet er det samme.');
  });

  it('maps the kiosk fields to the policy’s `kiosk`: off sets none, on sends what is typed (blank = the default, no country = the library’s)', () => {
    const draft = draftOf(stored);
    expect(draft.kiosk).toMatchObject({ set: true, receipt: 'print', country: '', maxPinFailures: '3', operations: { borrow: true, return: true, renew: true } });
    const off = check(policyOf({ ...draft, kiosk: { ...draft.kiosk, set: false } }), 'en');
    expect(off.ok && off.policy.kiosk).toBe(undefined);

    const on = check(
      policyOf({
        ...draftOf(undefined),
        kiosk: { ...draftOf(undefined).kiosk, set: true, country: 'DK', pinPolicy: 'none', operations: { borrow: true, return: true, renew: false }, receipt: 'none', lockoutMinutes: ' 30 ', idleSignOutSeconds: '' },
      }),
      'en',
    );
    expect(on.ok && on.policy.kiosk).toEqual({
      country: 'DK',
      pinPolicy: 'none',
      maxPinFailures: 3,
      lockoutMinutes: 30,
      operations: { borrow: true, return: true, renew: false },
      receipt: 'none',
      idleWarningSeconds: 20,
      idleSignOutSeconds: 90,
      allowTypedIdentity: true,
      patronId: 'card',
    });
    // A policy without kiosk settings starts the fields switched off, showing a fresh kiosk's defaults.
    expect(draftOf(undefined).kiosk).toMatchObject({ set: false, country: '', pinPolicy: 'required', idleWarningSeconds: '20', idleSignOutSeconds: '90' });
  });

  it('says a kiosk problem on its field with the kiosk schema’s own sentences, in Swedish and Danish', () => {
    const draft = draftOf(stored);
    const bad = policyOf({
      ...draft,
      kiosk: { ...draft.kiosk, operations: { borrow: false, return: false, renew: false }, maxPinFailures: 'tre', lockoutMinutes: '5000', idleWarningSeconds: '120', idleSignOutSeconds: '60' },
    });
    expect(check(bad, 'sv')).toEqual({
      ok: false,
      issues: {
        'kiosk.maxPinFailures': 'Skriv ett tal.',
        'kiosk.lockoutMinutes': 'Får vara högst 1440.',
        'kiosk.operations': 'Tillåt minst ett av lån, återlämning och omlån.',
      },
    });
    // The idle order is checked once the fields themselves are right.
    const order = check(policyOf({ ...draft, kiosk: { ...draft.kiosk, idleWarningSeconds: '120', idleSignOutSeconds: '60' } }), 'da');
    expect(order).toEqual({ ok: false, issues: { 'kiosk.idleWarningSeconds': 'Advarslen skal komme før log af.' } });
  });

  it('maps who the door admits: every type leaves `allowedCategories` unset, ticked types are listed in order, none ticked is an empty list', () => {
    const draft = draftOf(stored);
    expect(draft.categories).toEqual(['adult']);
    const every = check(policyOf({ ...draft, categories: null }), 'en');
    expect(every.ok && every.policy.allowedCategories).toBe(undefined);
    const some = check(policyOf({ ...draft, categories: ['minor', 'adult-lma'] }), 'en');
    expect(some.ok && some.policy.allowedCategories).toEqual(['minor', 'adult-lma']);
    const nobody = check(policyOf({ ...draft, categories: [] }), 'en');
    expect(nobody.ok && nobody.policy.allowedCategories).toEqual([]);
    expect(draftOf(undefined).categories).toBe(null);
  });

  it('starts a branch without a policy closed every day, in Stockholm time', () => {
    const draft = draftOf(undefined);
    expect(draft.timeZone).toBe('Europe/Stockholm');
    expect(Object.values(draft.weekly).every((hours) => hours.length === 0)).toBe(true);
    expect(draft.rest).toEqual({});
  });
});
