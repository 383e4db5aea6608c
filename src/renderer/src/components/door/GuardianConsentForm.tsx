import { Button, Group, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { guardianRelations, type GuardianConsentInput } from '../../../../shared/door/consent';
import type { BorrowerDetail } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../ErrorMessage';
import { TextField } from '../fields';
import { SelectField } from '../SelectField';

/** A minor's guardian's consent to the open-library door (SPEC 6): shown, recorded and withdrawn at the desk. */
export function GuardianConsentForm({ borrower, onChanged }: { borrower: BorrowerDetail; onChanged: (b: BorrowerDetail) => void }) {
  const { t, i18n } = useTranslation();
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, formState } = useForm<GuardianConsentInput>({
    defaultValues: { guardianName: borrower.guardianName ?? '', relation: 'parent' },
  });
  const save = async (consent: GuardianConsentInput | null) => {
    setErrorState(undefined);
    const result = await bridge.invoke('desk.setDoorConsent', { id: borrower.id, consent });
    if (result.ok) onChanged(result.value);
    else {
      const unplaced = result.error.issues?.filter((i) => !['consent.guardianName', 'consent.relation'].includes(i.path)) ?? [];
      for (const issue of result.error.issues ?? []) {
        if (issue.path === 'consent.guardianName') setError('guardianName', { type: 'server', message: issue.message });
      }
      setErrorState(unplaced.length > 0 || !result.error.issues ? result.error : undefined);
    }
  };
  const consent = borrower.doorConsent ?? null;
  return (
    <section aria-labelledby="door-consent-title" data-testid="door-consent">
      <Title order={4} id="door-consent-title" size="h5" mb={4}>
        {t('door.consent.title')}
      </Title>
      {consent ? (
        <>
          <Text role="status" size="sm" mb={4}>
            {t('door.consent.given', {
              guardianName: consent.guardianName,
              relation: t(`door.consent.relation.${consent.relation}`),
              date: new Date(consent.consentedAt).toLocaleDateString(i18n.language),
            })}
          </Text>
          <Button type="button" variant="subtle" onClick={() => void save(null)}>
            {t('door.consent.withdraw')}
          </Button>
        </>
      ) : (
        <form onSubmit={(e) => void handleSubmit((values) => save(values))(e)} noValidate aria-labelledby="door-consent-title">
          <Text size="sm" c="gray.7" mb={4}>
            {t('door.consent.none')}
          </Text>
          <Group align="flex-start" gap="xs">
            <TextField label={t('door.consent.guardianName')} autoComplete="off" error={formState.errors.guardianName?.message} {...register('guardianName')} />
            <SelectField
              label={t('door.consent.relation')}
              options={guardianRelations.map((r) => ({ value: r, label: t(`door.consent.relation.${r}`) }))}
              {...register('relation')}
            />
            <Button type="submit" variant="light" mt={24}>
              {t('door.consent.record')}
            </Button>
          </Group>
        </form>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
