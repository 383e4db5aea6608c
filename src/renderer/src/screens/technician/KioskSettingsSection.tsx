import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { identityCountries } from '../../../../shared/identity/types';
import { kioskOperations, kioskReceiptModes, type KioskSetting } from '../../../../shared/kiosk/settings';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { CheckboxField, TextField } from '../../components/fields';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SelectField } from '../../components/SelectField';
import { useHardwareStore } from '../../stores/hardware';

type Numbers = 'maxPinFailures' | 'lockoutMinutes' | 'idleWarningSeconds' | 'idleSignOutSeconds';
type KioskForm = Omit<KioskSetting, Numbers> & Record<Numbers, string>;
const numberFields: Numbers[] = ['maxPinFailures', 'lockoutMinutes', 'idleWarningSeconds', 'idleSignOutSeconds'];
const numberLabels = {
  maxPinFailures: 'kiosk.settings.maxPinFailures',
  lockoutMinutes: 'kiosk.settings.lockoutMinutes',
  idleWarningSeconds: 'kiosk.settings.idleWarning',
  idleSignOutSeconds: 'kiosk.settings.idleSignOut',
} as const;
const operationLabels = { borrow: 'kiosk.borrow', return: 'kiosk.return', renew: 'kiosk.renew' } as const;

const toForm = (k: KioskSetting): KioskForm => ({
  ...k,
  maxPinFailures: String(k.maxPinFailures),
  lockoutMinutes: String(k.lockoutMinutes),
  idleWarningSeconds: String(k.idleWarningSeconds),
  idleSignOutSeconds: String(k.idleSignOutSeconds),
});
// Numbers go to main as typed; main's schema (the one the register checks policies with) says what is wrong.
const toSetting = (f: KioskForm): KioskSetting => ({
  ...f,
  maxPinFailures: Number(f.maxPinFailures || '0'),
  lockoutMinutes: Number(f.lockoutMinutes || '0'),
  idleWarningSeconds: Number(f.idleWarningSeconds || '0'),
  idleSignOutSeconds: Number(f.idleSignOutSeconds || '0'),
});

/** The self-check kiosk's settings on the technician screen (issue 12); the register's policy for the branch wins. */
export function KioskSettingsSection() {
  const { t } = useTranslation();
  const kiosk = useHardwareStore((s) => s.settings?.kiosk);
  const [form, setForm] = useState<KioskForm>();
  const [shown, setShown] = useState<string>();
  const [error, setError] = useState<AppError>();
  const [saved, setSaved] = useState(false);
  const [registerScope, setRegisterScope] = useState<string | null>(null);
  useEffect(() => {
    void bridge.invoke('hardware.kioskSettingSource', {}).then((r) => setRegisterScope(r.ok && r.value.source === 'register' ? r.value.scopeId : null));
  }, []);
  const source = kiosk ? JSON.stringify(kiosk) : undefined;
  if (kiosk && source !== shown) {
    setShown(source);
    setForm(toForm(kiosk));
  }
  if (!form) return null;
  const set = (patch: Partial<KioskForm>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };
  const issue = (field: string) => error?.issues?.find((i) => i.path === `kiosk.${field}`)?.message;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await bridge.invoke('hardware.setKioskSettings', { kiosk: toSetting(form) });
    setError(result.ok ? undefined : result.error);
    setSaved(result.ok);
  };
  return (
    <section aria-labelledby="kiosk-settings-title" className="technician-section" data-testid="kiosk-settings">
      <h2 id="kiosk-settings-title">{t('kiosk.settings.title')}</h2>
      <p className="hint">{t('kiosk.settings.hint')}</p>
      {registerScope && <p role="status">{t('kiosk.settings.fromRegister', { scope: registerScope })}</p>}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <SelectField
          label={t('kiosk.settings.country')}
          value={form.country ?? ''}
          onChange={(e) => set({ country: e.target.value === '' ? null : (e.target.value as KioskForm['country']) })}
          options={[{ value: '', label: t('kiosk.settings.country.library') }, ...identityCountries.map((c) => ({ value: c, label: t(`kiosk.settings.country.${c}`) }))]}
        />
        <CheckboxField label={t('kiosk.settings.allowTypedIdentity')} checked={form.allowTypedIdentity} onChange={(e) => set({ allowTypedIdentity: e.target.checked })} />
        <SelectField
          label={t('kiosk.settings.pinPolicy')}
          value={form.pinPolicy}
          onChange={(e) => set({ pinPolicy: e.target.value as KioskForm['pinPolicy'] })}
          options={(['required', 'none'] as const).map((p) => ({ value: p, label: t(`kiosk.settings.pin.${p}`) }))}
        />
        <fieldset>
          <legend>{t('kiosk.settings.operations')}</legend>
          {kioskOperations.map((op) => (
            <CheckboxField key={op} label={t(operationLabels[op])} checked={form.operations[op]} onChange={(e) => set({ operations: { ...form.operations, [op]: e.target.checked } })} />
          ))}
          {issue('operations') && <p className="error">{issue('operations')}</p>}
        </fieldset>
        <SelectField
          label={t('kiosk.settings.receipt')}
          value={form.receipt}
          onChange={(e) => set({ receipt: e.target.value as KioskForm['receipt'] })}
          options={kioskReceiptModes.map((m) => ({ value: m, label: t(`kiosk.settings.receipt.${m}`) }))}
        />
        {numberFields.map((n) => (
          <TextField key={n} label={t(numberLabels[n])} inputMode="numeric" value={form[n]} onChange={(e) => set({ [n]: e.target.value })} error={issue(n)} />
        ))}
        <SelectField
          label={t('kiosk.settings.patronId')}
          value={form.patronId}
          onChange={(e) => set({ patronId: e.target.value as KioskForm['patronId'] })}
          options={(['card', 'identity'] as const).map((p) => ({ value: p, label: t(`kiosk.settings.patronId.${p}`) }))}
        />
        <button type="submit">{t('kiosk.settings.save')}</button>
        {saved && <p role="status">{t('kiosk.settings.saved')}</p>}
        <ErrorMessage error={error} />
      </form>
    </section>
  );
}
