import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TransferRequest } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/fields';
import { applyServerErrors } from './apply-server-errors';

/**
 * Accepting a transfer of a borrower without e-mail (optional at Danish libraries) into a library that requires one
 * (issue 11): the address is given here; main refuses the acceptance without it, and so does the register.
 */
export function AcceptTransferDialog({ request, onClose, onAccepted }: { request: TransferRequest; onClose: () => void; onAccepted: () => void }) {
  const { t } = useTranslation();
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, formState } = useForm<{ email: string }>({ defaultValues: { email: '' } });
  const onSubmit = handleSubmit(async ({ email }) => {
    const result = await bridge.invoke('desk.decideTransfer', { requestId: request.id, accept: true, email });
    if (result.ok) onAccepted();
    else setErrorState(applyServerErrors(result.error, setError, ['email']));
  });
  return (
    <Modal opened onClose={onClose} title={t('desk.transfer.emailTitle', { name: request.borrowerName })} withCloseButton={false} centered>
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('desk.transfer.acceptMove')}>
        <Stack gap="sm">
          <Alert color="blue" variant="light">
            {t('desk.transfer.emailHint')}
          </Alert>
          <TextField label={t('desk.field.email')} type="email" autoComplete="off" error={formState.errors.email?.message} data-autofocus {...register('email')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('desk.cancel')}
            </Button>
            <Button type="submit" loading={formState.isSubmitting}>
              {t('desk.transfer.acceptMove')}
            </Button>
          </Group>
          <ErrorMessage error={error} />
        </Stack>
      </form>
    </Modal>
  );
}
