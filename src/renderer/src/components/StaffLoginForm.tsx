import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { AppError } from '../../../shared/result';
import { ErrorMessage } from './ErrorMessage';
import { TextField } from './fields';

export interface StaffLoginFormProps {
  title: string;
  hint?: string;
  labels: { email: string; password: string; submit: string };
  /** Resolves to the error to show, or undefined when signed in. */
  login: (email: string, password: string) => Promise<AppError | undefined>;
}

/** A staff sign-in (desk and technician screens): e-mail and password, errors from main shown as they come. */
export function StaffLoginForm({ title, hint, labels, login }: StaffLoginFormProps) {
  const titleId = useId();
  const [error, setError] = useState<AppError | undefined>();
  const { register, handleSubmit, formState } = useForm<{ email: string; password: string }>();
  const onSubmit = handleSubmit(async ({ email, password }) => setError(await login(email, password)));
  return (
    <Paper component="section" aria-labelledby={titleId} className="login" withBorder shadow="sm" p="xl" maw={420}>
      <Title order={2} id={titleId} mb="sm">
        {title}
      </Title>
      {hint ? <Text mb="sm">{hint}</Text> : null}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <Stack gap="sm">
          <TextField label={labels.email} type="email" autoComplete="username" {...register('email', { required: true })} />
          <TextField label={labels.password} type="password" autoComplete="current-password" {...register('password', { required: true })} />
          <Button type="submit" loading={formState.isSubmitting}>
            {labels.submit}
          </Button>
          <ErrorMessage error={error} />
        </Stack>
      </form>
    </Paper>
  );
}
