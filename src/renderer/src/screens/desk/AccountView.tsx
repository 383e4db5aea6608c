import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/fields';
import { useDeskStore } from '../../stores/desk';
import { applyServerErrors } from './apply-server-errors';
import { toast } from './notices';

/** MTM "Mina uppgifter": the signed-in staff member changes their own password and e-mail (the library only an administrator changes). */
export function AccountView() {
  const { t } = useTranslation();
  const session = useDeskStore((s) => s.session);
  if (!session) return null;
  return (
    <section aria-labelledby="account-title">
      <Title order={2} id="account-title" mb="xs">
        {t('desk.account.title')}
      </Title>
      <Text mb="md">{t('desk.account.intro')}</Text>
      <Stack gap="md" maw={520}>
        <PasswordForm />
        <EmailForm email={session.email} />
      </Stack>
    </section>
  );
}

type PasswordFields = { currentPassword: string; newPassword: string };
type EmailFields = { currentPassword: string; email: string };

function PasswordForm() {
  const { t } = useTranslation();
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, reset, formState } = useForm<PasswordFields>({ defaultValues: { currentPassword: '', newPassword: '' } });
  const onSubmit = handleSubmit(async (fields) => {
    const result = await bridge.invoke('desk.changeOwnAccount', fields);
    if (result.ok) {
      reset();
      setErrorState(undefined);
      toast(t('desk.account.passwordChanged'));
    } else setErrorState(applyServerErrors(result.error, setError, ['currentPassword', 'newPassword']));
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="own-password-title">
      <Title order={3} size="h4" id="own-password-title" mb="xs">
        {t('desk.account.changePassword')}
      </Title>
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="own-password-title">
        <Stack gap="xs">
          <TextField label={t('desk.account.currentPassword')} type="password" autoComplete="current-password" error={formState.errors.currentPassword?.message} {...register('currentPassword')} />
          <TextField label={t('desk.account.newPassword')} type="password" autoComplete="new-password" error={formState.errors.newPassword?.message} {...register('newPassword')} />
          <Button type="submit" variant="light" w="fit-content">
            {t('desk.account.changePassword')}
          </Button>
          <ErrorMessage error={error} />
        </Stack>
      </form>
    </Paper>
  );
}

function EmailForm({ email }: { email: string }) {
  const { t } = useTranslation();
  const setSession = useDeskStore((s) => s.setSession);
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, reset, formState } = useForm<EmailFields>({ defaultValues: { currentPassword: '', email } });
  const onSubmit = handleSubmit(async (fields) => {
    const result = await bridge.invoke('desk.changeOwnAccount', fields);
    if (result.ok) {
      reset({ currentPassword: '', email: result.value.email });
      setSession(result.value);
      setErrorState(undefined);
      toast(t('desk.account.emailChanged'));
    } else setErrorState(applyServerErrors(result.error, setError, ['currentPassword', 'email']));
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="own-email-title">
      <Title order={3} size="h4" id="own-email-title" mb="xs">
        {t('desk.account.email')}
      </Title>
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="own-email-title">
        <Stack gap="xs">
          <TextField label={t('desk.account.email')} type="email" autoComplete="email" error={formState.errors.email?.message} {...register('email')} />
          <TextField label={t('desk.account.currentPassword')} type="password" autoComplete="current-password" error={formState.errors.currentPassword?.message} {...register('currentPassword')} />
          <Button type="submit" variant="light" w="fit-content">
            {t('desk.account.saveEmail')}
          </Button>
          <ErrorMessage error={error} />
        </Stack>
      </form>
    </Paper>
  );
}
