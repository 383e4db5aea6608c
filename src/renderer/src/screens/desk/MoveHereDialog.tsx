import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { IdentityCheck } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CheckboxField, TextField } from '../../components/fields';
import { useDeskStore } from '../../stores/desk';
import { applyServerErrors } from './apply-server-errors';

/** MTM: "Flytta en låntagare till ditt eget bibliotek": name, from, consent, optional new e-mail. */
export function MoveHereDialog({ check, onClose }: { check: Extract<IdentityCheck, { status: 'elsewhere' }>; onClose: () => void }) {
  const { t } = useTranslation();
  const show = useDeskStore((s) => s.show);
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, formState } = useForm<{ consent: boolean; newEmail: string }>({ defaultValues: { consent: false, newEmail: '' } });
  const onSubmit = handleSubmit(async ({ consent, newEmail }) => {
    const result = await bridge.invoke('desk.moveHere', { borrowerId: check.borrowerId, consent, newEmail });
    if (result.ok) show({ name: 'borrower', id: result.value.id }, t('desk.move.done'));
    else setErrorState(applyServerErrors(result.error, setError, ['consent', 'newEmail']));
  });
  return (
    <Modal opened onClose={onClose} title={t('desk.move.title')} withCloseButton={false} size="lg" centered>
      <Text fw={600} mb="sm">
        {check.name} — {check.libraryName}
      </Text>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <Stack gap="sm">
          <CheckboxField label={t('desk.move.consent')} error={formState.errors.consent?.message} {...register('consent')} />
          <TextField label={t('desk.move.newEmail')} type="email" error={formState.errors.newEmail?.message} {...register('newEmail')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('desk.cancel')}
            </Button>
            <Button type="submit">{t('desk.move.confirm')}</Button>
          </Group>
          <ErrorMessage error={error} />
        </Stack>
      </form>
    </Modal>
  );
}
