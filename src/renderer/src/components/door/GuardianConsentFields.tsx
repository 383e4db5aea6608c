import type { FieldValues, Path, UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { guardianRelations } from '../../../../shared/door/consent';
import { CheckboxField } from '../fields';
import { SelectField } from '../SelectField';

/** The registration form's guardian door consent (SPEC 6): the guardian named above consents, with their relation. */
export function GuardianConsentFields<T extends FieldValues & { doorConsent: boolean; doorConsentRelation: string }>({
  register,
  error,
}: {
  register: UseFormRegister<T>;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <CheckboxField label={t('door.consent.atRegistration')} error={error} {...register('doorConsent' as Path<T>)} />
      <SelectField
        label={t('door.consent.relation')}
        options={guardianRelations.map((r) => ({ value: r, label: t(`door.consent.relation.${r}`) }))}
        {...register('doorConsentRelation' as Path<T>)}
      />
    </>
  );
}
