import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { OptInInput } from '../../../../shared/door/opt-in';
import type { BorrowerDetail } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { TextField } from '../fields';
import { WithdrawableRecord } from './WithdrawableRecord';
import { localeOf } from '../../format';

/** A borrower's opt-in to the open library (issue 14): shown, recorded (with the rules' version) and withdrawn at the desk. */
export function OptInForm({ borrower, onChanged }: { borrower: BorrowerDetail; onChanged: (b: BorrowerDetail) => void }) {
  const { t, i18n } = useTranslation();
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, formState } = useForm<OptInInput>({ defaultValues: { rulesVersion: '' } });
  const save = async (optIn: OptInInput | null) => {
    setErrorState(undefined);
    const result = await bridge.invoke('desk.setDoorOptIn', { id: borrower.id, optIn });
    if (result.ok) onChanged(result.value);
    else {
      const placed = result.error.issues?.find((i) => i.path === 'optIn.rulesVersion');
      if (placed) setError('rulesVersion', { type: 'server', message: placed.message });
      else setErrorState(result.error);
    }
  };
  const optIn = borrower.doorOptIn ?? null;
  return (
    <WithdrawableRecord
      id="door-opt-in-title"
      testId="door-opt-in"
      title={t('door.optIn.title')}
      given={optIn && t('door.optIn.given', { rulesVersion: optIn.rulesVersion, date: new Date(optIn.acceptedAt).toLocaleDateString(localeOf(i18n.language)) })}
      withdrawLabel={t('door.optIn.withdraw')}
      onWithdraw={() => void save(null)}
      none={t('door.optIn.none')}
      recordLabel={t('door.optIn.record')}
      onSubmit={(e) => void handleSubmit((values) => save(values))(e)}
      error={error}
    >
      <TextField label={t('door.optIn.rulesVersion')} autoComplete="off" error={formState.errors.rulesVersion?.message} {...register('rulesVersion')} />
    </WithdrawableRecord>
  );
}
