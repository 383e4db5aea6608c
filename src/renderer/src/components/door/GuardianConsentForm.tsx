import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { guardianRelations, type GuardianConsentInput } from '../../../../shared/door/consent';
import type { BorrowerDetail } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { TextField } from '../fields';
import { SelectField } from '../SelectField';
import { WithdrawableRecord } from './WithdrawableRecord';
import { localeOf } from '../../format';

/** A minor's guardian's consent to the open-library door (SPEC 6): shown, recorded and withdrawn at the desk. */
export function GuardianConsentForm({ borrower, onChanged }: { borrower: BorrowerDetail; onChanged: (b: BorrowerDetail) => void }) {
  const { t, i18n } = useTranslation();
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, formState } = useForm<GuardianConsentInput>({
    defaultValues: { guardianName: borrower.guardianName ?? '', relation: 'parent' },
  });
  const save = async (consent: GuardianConsentInput | null) => {
    setErrorState(undefined);
    const result = await bridge.invoke('desk.setDoorConsent', { id: borrower.id, consent });
    if (result.ok) onChanged(result.value);
    else {
      const unplaced = result.error.issues?.filter((i) => !['consent.guardianName', 'consent.relation'].includes(i.path)) ?? [];
      for (const issue of result.error.issues ?? []) {
        if (issue.path === 'consent.guardianName') setError('guardianName', { type: 'server', message: issue.message });
      }
      setErrorState(unplaced.length > 0 || !result.error.issues ? result.error : undefined);
    }
  };
  const consent = borrower.doorConsent ?? null;
  return (
    <WithdrawableRecord
      id="door-consent-title"
      testId="door-consent"
      title={t('door.consent.title')}
      given={
        consent &&
        t('door.consent.given', {
          guardianName: consent.guardianName,
          relation: t(`door.consent.relation.${consent.relation}`),
          date: new Date(consent.consentedAt).toLocaleDateString(localeOf(i18n.language)),
        })
      }
      withdrawLabel={t('door.consent.withdraw')}
      onWithdraw={() => void save(null)}
      none={t('door.consent.none')}
      recordLabel={t('door.consent.record')}
      onSubmit={(e) => void handleSubmit((values) => save(values))(e)}
      error={error}
    >
      <TextField label={t('door.consent.guardianName')} autoComplete="off" error={formState.errors.guardianName?.message} {...register('guardianName')} />
      <SelectField
        label={t('door.consent.relation')}
        options={guardianRelations.map((r) => ({ value: r, label: t(`door.consent.relation.${r}`) }))}
        {...register('relation')}
      />
    </WithdrawableRecord>
  );
}
