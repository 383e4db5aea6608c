import { Alert, Button, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminSession } from '../shared/admin/roles';
import { api, ApiError } from './api';
import { useErrorText } from './useApi';

export function SignIn({ onSignedIn }: { onSignedIn: (session: AdminSession) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    api<AdminSession>('POST', '/admin/session', { email, password }).then(onSignedIn, (failure: unknown) => {
      setBusy(false);
      setPassword('');
      if (failure instanceof ApiError && failure.status === 401) setError(t('admin.signIn.wrong'));
      else if (failure instanceof ApiError && failure.status === 429) setError(t('admin.signIn.locked', { seconds: failure.retryAfterSeconds ?? 60 }));
      else if (failure instanceof ApiError && failure.status === 403) setError(t('admin.signIn.noRole'));
      else setError(errorText(failure));
    });
  };
  return (
    <Paper component="main" className="admin-signin" withBorder p="lg">
      <form onSubmit={submit}>
        <Stack>
          <Title order={1} size="h2">
            {t('admin.signIn.title')}
          </Title>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label={t('admin.signIn.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('admin.signIn.showPassword') }} label={t('admin.signIn.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <Button type="submit" loading={busy}>
            {t('admin.signIn.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
