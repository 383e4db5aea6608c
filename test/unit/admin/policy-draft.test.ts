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

  it('starts a branch without a policy closed every day, in Stockholm time', () => {
    const draft = draftOf(undefined);
    expect(draft.timeZone).toBe('Europe/Stockholm');
    expect(Object.values(draft.weekly).every((hours) => hours.length === 0)).toBe(true);
    expect(draft.rest).toEqual({});
  });
});
