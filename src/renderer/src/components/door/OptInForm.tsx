import { Button, Group, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { OptInInput } from '../../../../shared/door/opt-in';
import type { BorrowerDetail } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../ErrorMessage';
import { TextField } from '../fields';

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
    <section aria-labelledby="door-opt-in-title" data-testid="door-opt-in">
      <Title order={4} id="door-opt-in-title" size="h5" mb={4}>
        {t('door.optIn.title')}
      </Title>
      {optIn ? (
        <>
          <Text role="status" size="sm" mb={4}>
            {t('door.optIn.given', { rulesVersion: optIn.rulesVersion, date: new Date(optIn.acceptedAt).toLocaleDateString(i18n.language) })}
          </Text>
          <Button type="button" variant="subtle" onClick={() => void save(null)}>
            {t('door.optIn.withdraw')}
          </Button>
        </>
      ) : (
        <form onSubmit={(e) => void handleSubmit((values) => save(values))(e)} noValidate aria-labelledby="door-opt-in-title">
          <Text size="sm" c="gray.7" mb={4}>
            {t('door.optIn.none')}
          </Text>
          <Group align="flex-start" gap="xs">
            <TextField label={t('door.optIn.rulesVersion')} autoComplete="off" error={formState.errors.rulesVersion?.message} {...register('rulesVersion')} />
            <Button type="submit" variant="light" mt={24}>
              {t('door.optIn.record')}
            </Button>
          </Group>
        </form>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
