import { describe, expect, it } from 'vitest';
import { all, sql } from '../../../src/main/db/sql';
import { doorPolicyFrom, doorRulesFromEnv, doorRulesFromSetting } from '../../../src/main/door/policy-from-settings';
import { defaultDoorRulesSetting, DoorRulesSettingSchema } from '../../../src/shared/door/rules-setting';
import { defaultHardwareSettings, HardwareSettingsSchema } from '../../../src/shared/hardware/settings';
import { testServices } from '../../helpers/services';

const ctx = { host: 'web' } as const;

describe('door rules from the technician screen (issue 13)', () => {
  it('makes the policy from the technician’s rules; blank ages are no rule; the environment overrides only what it names', () => {
    const rules = doorRulesFromSetting({ ...defaultDoorRulesSetting, timeZone: 'Europe/Copenhagen', minAge: 12, antiPassbackSeconds: 90, pinPolicy: 'optional' });
    expect(doorPolicyFrom(defaultHardwareSettings.openingHours, rules)).toMatchObject({
      schedule: { timeZone: 'Europe/Copenhagen', closingWarningMinutes: 15 },
      minAge: 12,
      underAgeRequiresGuardianConsent: true,
      pinPolicy: 'optional',
      antiPassbackSeconds: 90,
    });
    const none = doorPolicyFrom(defaultHardwareSettings.openingHours, doorRulesFromSetting({ ...defaultDoorRulesSetting, minAge: null, antiPassbackSeconds: 0 }))!;
    expect(none.minAge).toBeUndefined();
    expect(none.antiPassbackSeconds).toBeUndefined();
    expect(doorRulesFromEnv({ LANEDISK_DOOR_PIN: 'required' }, rules)).toEqual({ ...rules, pinPolicy: 'required' });
    expect(doorRulesFromEnv({}, rules)).toEqual(rules);
  });

  it('gives settings stored before the rules existed the defaults, and refuses an unknown zone or a consent age above the limit', () => {
    const { doorRules: _rules, ...older } = defaultHardwareSettings;
    expect(HardwareSettingsSchema.parse(older).doorRules).toEqual(defaultDoorRulesSetting);
    expect(DoorRulesSettingSchema.safeParse({ ...defaultDoorRulesSetting, timeZone: 'Nowhere/Atlantis' }).error?.issues[0]).toMatchObject({ message: 'door.schedule.timeZone' });
    expect(DoorRulesSettingSchema.safeParse({ ...defaultDoorRulesSetting, minAge: 12, minAgeWithConsent: 13 }).error?.issues[0]).toMatchObject({
      message: 'door.policy.consentAge',
      path: ['minAgeWithConsent'],
    });
  });

  it('is saved through hardware.setDoorRules, audited, and reported to the door policy; bad input is refused in the terminal’s language and changes nothing', async () => {
    const services = testServices({ initialConfig: { language: 'en' }, env: { LANEDISK_BRANCH_ID: 'malmo' } });
    try {
      const refused = await services.dispatcher.dispatch('hardware.setDoorRules', { doorRules: { ...defaultDoorRulesSetting, antiPassbackSeconds: -5 } }, ctx);
      expect(refused).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'doorRules.antiPassbackSeconds' }] } });
      const saved = await services.dispatcher.dispatch('hardware.setDoorRules', { doorRules: { ...defaultDoorRulesSetting, minAge: 13, antiPassbackSeconds: 60 } }, ctx);
      expect(saved).toMatchObject({ ok: true, value: { doorRules: { minAge: 13, antiPassbackSeconds: 60 } } });
      expect(await services.dispatcher.dispatch('hardware.getSettings', {}, ctx)).toMatchObject({ ok: true, value: { doorRules: { minAge: 13, antiPassbackSeconds: 60 } } });
      expect(all<{ action: string }>(services.db, sql`SELECT action FROM audit_log WHERE action = 'terminal.door-rules'`)).toEqual([{ action: 'terminal.door-rules' }]);
      expect(await services.dispatcher.dispatch('hardware.doorPolicy', {}, ctx)).toMatchObject({ ok: true, value: { source: 'local' } });
    } finally {
      services.close();
    }
  });
});
