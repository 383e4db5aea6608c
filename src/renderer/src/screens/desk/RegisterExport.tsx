import { Anchor, Button, Group, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/fields';
import { useDeskStore } from '../../stores/desk';
import { applyServerErrors } from './apply-server-errors';

/**
 * Right of access across the register (GDPR art. 15): administrators ask the central register for everything it holds
 * on the person, every library's rows, typing their password again (the register checks it, not this terminal).
 * The answer is a data file downloaded here, as the local export is.
 */
export function RegisterExport({ id }: { id: string }) {
  const { t } = useTranslation();
  const role = useDeskStore((s) => s.session?.role);
  const [asking, setAsking] = useState(false);
  const [file, setFile] = useState<{ url: string; name: string }>();
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, reset, formState } = useForm<{ password: string }>({ defaultValues: { password: '' } });
  useEffect(() => () => file && URL.revokeObjectURL(file.url), [file]);
  if (role !== 'admin' && role !== 'central') return null;
  const onSubmit = handleSubmit(async ({ password }) => {
    const result = await bridge.invoke('desk.registerExport', { id, password });
    // The password is never kept in the form, whatever the answer.
    reset();
    if (!result.ok) return setErrorState(applyServerErrors(result.error, setError, ['password']));
    setErrorState(undefined);
    setAsking(false);
    setFile({ url: URL.createObjectURL(new Blob([result.value.json], { type: 'application/json' })), name: result.value.fileName });
  });
  return (
    <section aria-labelledby="register-export-title">
      <Title order={4} id="register-export-title" size="h5" mb={4}>
        {t('desk.registerExport.title')}
      </Title>
      {asking ? (
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <Text size="sm" c="gray.7" mb={4}>
            {t('desk.registerExport.explain')}
          </Text>
          <TextField
            label={t('desk.registerExport.password')}
            type="password"
            autoComplete="current-password"
            error={formState.errors.password?.message}
            {...register('password', { required: 'desk.registerExport.passwordRequired' })}
          />
          <Group mt="xs">
            <Button type="submit" loading={formState.isSubmitting}>
              {t('desk.registerExport.submit')}
            </Button>
            <Button variant="default" onClick={() => setAsking(false)}>
              {t('desk.registerExport.cancel')}
            </Button>
          </Group>
        </form>
      ) : (
        <Button variant="default" onClick={() => setAsking(true)}>
          {t('desk.registerExport.open')}
        </Button>
      )}
      {file && (
        <Group mt="xs">
          <Anchor href={file.url} download={`${file.name}.json`}>
            {t('desk.registerExport.download')}
          </Anchor>
        </Group>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
