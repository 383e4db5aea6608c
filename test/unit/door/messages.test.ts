import { describe, expect, it } from 'vitest';
import { doorMessages } from '../../../src/shared/i18n/door-messages';
import { decideAccess, doorDetails, doorReasons, type DoorAccessInput, type DoorDecision, type DoorReason } from '../../../src/shared/door/rules';
import { scheduleIssues } from '../../../src/shared/door/schedule';
import { entitlement, policy, usualHours } from './helpers';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
const languages = ['en', 'sv', 'da'] as const;

/** One real decision per reason, built through decideAccess. */
function decisionFor(reason: DoorReason): DoorDecision {
  const now = new Date('2026-06-10T10:00:00Z');
  const adult = entitlement({ borrowerId: 'b', birthDate: '1990-01-01' });
  const base: DoorAccessInput = { now, policy: policy(), entitlement: adult, pin: 'not-given', lockout: { failures: 0, lockedUntil: null } };
  const pinPolicy = policy({ pinPolicy: 'required', maxPinFailures: 3 });
  const inputs: Record<DoorReason, DoorAccessInput> = {
    admitted: base,
    'admitted-closing-soon': { ...base, policy: policy({ schedule: usualHours() }), now: new Date('2026-06-10T18:55:00Z') },
    closed: { ...base, policy: policy({ schedule: usualHours() }), now: new Date('2026-06-10T02:00:00Z') },
    'unknown-card': { ...base, entitlement: null },
    erased: { ...base, entitlement: { erased: true } },
    'locked-out': { ...base, policy: pinPolicy, entitlement: { ...adult, hasPin: true }, lockout: { failures: 3, lockedUntil: new Date(now.getTime() + 600_000) } },
    'pin-required': { ...base, policy: pinPolicy, entitlement: { ...adult, hasPin: true } },
    'pin-wrong': { ...base, policy: pinPolicy, entitlement: { ...adult, hasPin: true }, pin: 'wrong' },
    'not-active': { ...base, entitlement: { ...adult, active: false } },
    blocked: { ...base, entitlement: { ...adult, blocked: true } },
    restricted: { ...base, entitlement: { ...adult, restricted: true } },
    'not-yet-valid': { ...base, entitlement: { ...adult, validFrom: '2026-07-01' } },
    expired: { ...base, entitlement: { ...adult, validUntil: '2026-01-01' } },
    'category-not-allowed': { ...base, policy: policy({ allowedCategories: ['minor'] }) },
    'under-age': { ...base, policy: policy({ minAge: 40 }) },
    'guardian-consent-missing': { ...base, policy: policy({ minAge: 40, underAgeRequiresGuardianConsent: true }) },
    passback: { ...base, policy: policy({ antiPassbackSeconds: 60 }), lastAdmittedAt: new Date(now.getTime() - 10_000) },
    'locked-down': { ...base, lockedDownUntil: new Date(now.getTime() + 3_600_000) },
    'no-opt-in': { ...base, policy: policy({ requireOptIn: true }) },
  };
  return decideAccess(inputs[reason]);
}

describe('door messages', () => {
  it('have a borrower and a staff text for every reason, and a text for every detail, in sv/da/en', () => {
    for (const language of languages) {
      const messages: Record<string, string> = doorMessages[language];
      for (const reason of doorReasons) {
        expect(messages[`door.reason.${reason}`]?.trim(), `${language} ${reason}`).toBeTruthy();
        expect(messages[`door.staff.${reason}`]?.trim(), `${language} ${reason}`).toBeTruthy();
      }
      for (const detail of doorDetails) expect(messages[`door.detail.${detail}`]?.trim(), `${language} ${detail}`).toBeTruthy();
      for (const key of Object.values(scheduleIssues)) expect(messages[key]?.trim(), key).toBeTruthy();
    }
  });

  it('have the same keys and placeholders in every language', () => {
    const en: Record<string, string> = doorMessages.en;
    for (const language of ['sv', 'da'] as const) {
      const messages: Record<string, string> = doorMessages[language];
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(messages)) expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(en[key]!));
    }
  });

  it.each(doorReasons)('a %s decision carries every placeholder its messages use', (reason) => {
    const decision = decisionFor(reason);
    expect(decision.reason).toBe(reason);
    for (const language of languages) {
      const messages: Record<string, string> = doorMessages[language];
      for (const key of [decision.messages.borrower, decision.messages.staff]) {
        for (const name of placeholders(messages[key]!)) expect(decision.params, `${language} ${key} {{${name}}}`).toHaveProperty(name);
      }
    }
  });

  it('borrower texts never use staff jargon', () => {
    for (const language of languages) {
      for (const reason of doorReasons) {
        const text = doorMessages[language][`door.reason.${reason}`];
        expect(text, `${language} ${reason}`).not.toMatch(/entitlement|credential|register type|cache|refused|nekad|afvist|spärrad|spærret/i);
      }
    }
  });
});
