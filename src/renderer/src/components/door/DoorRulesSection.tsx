import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { pinPolicies } from '../../../../shared/door/policy';
import { type DoorRulesSetting } from '../../../../shared/door/rules-setting';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { useHardwareStore } from '../../stores/hardware';
import { CheckboxField, TextField } from '../fields';
import { ErrorMessage } from '../ErrorMessage';
import { SelectField } from '../SelectField';

interface RulesForm {
  timeZone: string;
  minAge: string;
  underAgeRequiresGuardianConsent: boolean;
  minAgeWithConsent: string;
  pinPolicy: DoorRulesSetting['pinPolicy'];
  antiPassbackSeconds: string;
  closingWarningMinutes: string;
  requireOptIn: boolean;
}

const toForm = (r: DoorRulesSetting): RulesForm => ({
  timeZone: r.timeZone,
  minAge: r.minAge === null ? '' : String(r.minAge),
  underAgeRequiresGuardianConsent: r.underAgeRequiresGuardianConsent,
  minAgeWithConsent: r.minAgeWithConsent === null ? '' : String(r.minAgeWithConsent),
  pinPolicy: r.pinPolicy,
  antiPassbackSeconds: String(r.antiPassbackSeconds),
  closingWarningMinutes: String(r.closingWarningMinutes),
  requireOptIn: r.requireOptIn,
});
// Blank is "no rule"; anything else goes to main as a number, and main's schema says what is wrong with it.
const age = (text: string) => (text.trim() === '' ? null : Number(text));
const toRules = (f: RulesForm) => ({
  timeZone: f.timeZone.trim(),
  minAge: age(f.minAge),
  underAgeRequiresGuardianConsent: f.underAgeRequiresGuardianConsent,
  minAgeWithConsent: age(f.minAgeWithConsent),
  pinPolicy: f.pinPolicy,
  antiPassbackSeconds: Number(f.antiPassbackSeconds || '0'),
  closingWarningMinutes: Number(f.closingWarningMinutes || '0'),
  requireOptIn: f.requireOptIn,
});

/** The door's own rules on the technician screen (issue 13): minimum age, consent, PIN, anti-passback, time zone. */
export function DoorRulesSection() {
  const { t } = useTranslation();
  const rules = useHardwareStore((s) => s.settings?.doorRules);
  const [form, setForm] = useState<RulesForm>();
  const [shown, setShown] = useState<string>();
  const [error, setError] = useState<AppError>();
  const [saved, setSaved] = useState(false);
  const source = rules ? JSON.stringify(rules) : undefined;
  if (rules && source !== shown) {
    setShown(source);
    setForm(toForm(rules));
  }
  if (!form) return null;
  const set = (patch: Partial<RulesForm>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };
  const issue = (field: string) => error?.issues?.find((i) => i.path === `doorRules.${field}`)?.message;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await bridge.invoke('hardware.setDoorRules', { doorRules: toRules(form) });
    setError(result.ok ? undefined : result.error);
    setSaved(result.ok);
  };
  const number = (field: 'minAge' | 'minAgeWithConsent' | 'antiPassbackSeconds' | 'closingWarningMinutes', label: string) => (
    <TextField label={label} inputMode="numeric" value={form[field]} onChange={(e) => set({ [field]: e.target.value })} error={issue(field)} />
  );
  return (
    <section aria-labelledby="door-rules-title" className="technician-section" data-testid="door-rules">
      <h2 id="door-rules-title">{t('door.rules.title')}</h2>
      <p className="hint">{t('door.rules.hint')}</p>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField label={t('door.rules.timeZone')} value={form.timeZone} onChange={(e) => set({ timeZone: e.target.value })} error={issue('timeZone')} />
        {number('minAge', t('door.rules.minAge'))}
        <CheckboxField
          label={t('door.rules.consent')}
          checked={form.underAgeRequiresGuardianConsent}
          onChange={(e) => set({ underAgeRequiresGuardianConsent: e.target.checked })}
        />
        {number('minAgeWithConsent', t('door.rules.minAgeWithConsent'))}
        <SelectField
          label={t('door.rules.pinPolicy')}
          value={form.pinPolicy}
          onChange={(e) => set({ pinPolicy: e.target.value as RulesForm['pinPolicy'] })}
          options={pinPolicies.map((p) => ({ value: p, label: t(`door.rules.pin.${p}`) }))}
        />
        {number('antiPassbackSeconds', t('door.rules.antiPassback'))}
        {number('closingWarningMinutes', t('door.rules.closingWarning'))}
        <CheckboxField label={t('door.rules.requireOptIn')} checked={form.requireOptIn} onChange={(e) => set({ requireOptIn: e.target.checked })} />
        <button type="submit">{t('door.rules.save')}</button>
        {saved && <p role="status">{t('door.rules.saved')}</p>}
        <ErrorMessage error={error} />
      </form>
    </section>
  );
}
