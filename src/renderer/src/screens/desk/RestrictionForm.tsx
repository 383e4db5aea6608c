import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { BorrowerDetail } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/fields';
import { applyServerErrors } from './apply-server-errors';
import { FormHeading } from '../../components/FormHeading';
import { toast } from './notices';

/** Restriction of processing (GDPR art. 18): restrict with a reason, or lift; main audits and syncs it. */
export function RestrictionForm({ borrower, onChanged }: { borrower: BorrowerDetail; onChanged: (b: BorrowerDetail) => void }) {
  const { t } = useTranslation();
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, reset, formState } = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const restricted = borrower.processingRestricted === true;
  const onSubmit = handleSubmit(async ({ reason }) => {
    const result = await bridge.invoke('desk.setRestriction', restricted ? { id: borrower.id, restricted: false } : { id: borrower.id, restricted: true, reason });
    if (result.ok) {
      onChanged(result.value);
      reset();
      setErrorState(undefined);
      toast(t(restricted ? 'desk.restriction.lifted' : 'desk.restriction.restricted'));
    } else setErrorState(applyServerErrors(result.error, setError, ['reason']));
  });
  return (
    <section aria-labelledby="restriction-title">
      <FormHeading id="restriction-title" title={t('desk.restriction.title')} hint={t('desk.restriction.hint')} />
      {restricted && (
        <Text size="sm" fw={600} className="warning" data-testid="restriction-reason">
          {t('desk.restriction.active', { reason: borrower.restrictionReason ?? '' })}
        </Text>
      )}
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="restriction-title">
        <Group align="flex-start" gap="xs">
          {!restricted && <TextField label={t('desk.restriction.reason')} error={formState.errors.reason?.message} autoComplete="off" {...register('reason')} />}
          <Button type="submit" variant="light" color={restricted ? 'blue' : 'grape'} mt={restricted ? 0 : 24}>
            {t(restricted ? 'desk.restriction.lift' : 'desk.restriction.restrict')}
          </Button>
        </Group>
        <ErrorMessage error={error} />
      </form>
    </section>
  );
}
