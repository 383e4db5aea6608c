import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/fields';
import { useDeskStore } from '../../stores/desk';

export function LoginView() {
  const { t } = useTranslation();
  const login = useDeskStore((s) => s.login);
  const [error, setError] = useState<AppError | undefined>();
  const { register, handleSubmit, formState } = useForm<{ email: string; password: string }>();
  const onSubmit = handleSubmit(async ({ email, password }) => setError(await login(email, password)));
  return (
    <section aria-labelledby="login-title" className="login">
      <h2 id="login-title">{t('desk.login.title')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField label={t('desk.login.email')} type="email" autoComplete="username" {...register('email', { required: true })} />
        <TextField label={t('desk.login.password')} type="password" autoComplete="current-password" {...register('password', { required: true })} />
        <button type="submit" disabled={formState.isSubmitting}>
          {t('desk.login.submit')}
        </button>
        <ErrorMessage error={error} />
      </form>
    </section>
  );
}
