import { Alert, Button, Fieldset, Group, Radio, Stack, Text, Title } from '@mantine/core';
import { useEffect, useId, useState } from 'react';
import { useForm, useWatch, type FieldErrors, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  RegistrationInputSchema,
  checkRegistration,
  emailRequiredIn,
  isLmaType,
  isMinorType,
  registerTypes,
  type RegistrationFields,
  type RegistrationInput,
} from '../../../../shared/desk/registration';
import type { IdentityCheck, Response } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { i18n } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FieldError } from '../../components/FieldError';
import { DateField } from '../../components/DateField';
import { CheckboxField, TextField } from '../../components/fields';
import { useDeskStore } from '../../stores/desk';
import { AltNumberField } from './AltNumberField';
import { applyServerErrors } from './apply-server-errors';
import { MoveHereDialog } from './MoveHereDialog';
import { GroupBranchFields } from './GroupBranchFields';
import { GuardianConsentFields } from '../../components/door/GuardianConsentFields';
import type { GuardianRelation } from '../../../../shared/door/consent';

type Options = Response<'desk.options'>;

interface RegistrationForm {
  registerType: RegistrationInput['registerType'];
  identityNumber: string;
  firstName: string;
  lastName: string;
  email: string;
  validUntil: string;
  groups: string[];
  branchId: string;
  guardianName: string;
  guardianBirthDate: string;
  agreementAccepted: boolean;
  hasLegalAdministrator: boolean;
  sendLoginDetails: boolean;
  password: string;
  cardNumber: string;
  protectedIdentity: boolean;
  street: string;
  postcode: string;
  town: string;
  addressProtected: boolean;
  altNumber: string;
  doorConsent: boolean;
  doorConsentRelation: GuardianRelation;
}

const formFields = [
  'registerType', 'identityNumber', 'firstName', 'lastName', 'email', 'validUntil', 'groups', 'branchId', 'guardianName',
  'guardianBirthDate', 'agreementAccepted', 'hasLegalAdministrator', 'sendLoginDetails', 'password', 'cardNumber', 'protectedIdentity',
  'doorConsent', 'street', 'postcode', 'town', 'addressProtected', 'altNumber',
] as const;

/** The Danish form's own fields (issue 11); other countries' forms leave them out. */
const danishInput = (v: RegistrationForm) => ({ street: v.street, postcode: v.postcode, town: v.town, addressProtected: v.addressProtected, altNumber: v.altNumber });

function toInput(v: RegistrationForm, country: Options['country']): RegistrationInput {
  const minor = isMinorType(v.registerType);
  return {
    registerType: v.registerType,
    identityNumber: v.identityNumber,
    firstName: v.firstName,
    lastName: v.lastName,
    email: v.email,
    validUntil: v.validUntil,
    groups: Array.isArray(v.groups) ? v.groups : [],
    ...(v.branchId ? { branchId: v.branchId } : {}),
    ...(minor ? { guardianName: v.guardianName, guardianBirthDate: v.guardianBirthDate } : {}),
    agreementAccepted: v.agreementAccepted,
    hasLegalAdministrator: v.hasLegalAdministrator,
    sendLoginDetails: v.sendLoginDetails,
    ...(v.sendLoginDetails ? {} : { password: v.password }),
    cardNumbers: v.cardNumber.trim() ? [v.cardNumber.trim()] : [],
    protectedIdentity: v.protectedIdentity,
    ...(minor && v.doorConsent ? { doorConsent: { guardianName: v.guardianName, relation: v.doorConsentRelation } } : {}),
    ...(country === 'DK' ? danishInput(v) : {}),
  };
}

/**
 * The same shape and rules main applies, run in the page so every error shows
 * at once before saving. The rules also run on a form whose shape is not yet
 * valid (the first message per field wins), so an empty form shows the
 * agreement error next to the missing fields.
 */
function registrationResolver(options: Options): Resolver<RegistrationForm> {
  return (values) => {
    const input = toInput(values, options.country);
    const parsed = RegistrationInputSchema.safeParse(input);
    const shapeIssues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: i.message }));
    const fields = parsed.success ? parsed.data : (input as RegistrationFields);
    const checked = checkRegistration(fields, { today: options.today, country: options.country });
    const issues = [...shapeIssues, ...(checked.ok ? [] : checked.issues)];
    if (issues.length === 0) return { values, errors: {} };
    const errors: FieldErrors<RegistrationForm> = {};
    for (const issue of issues) {
      const field = (issue.path === 'cardNumbers' ? 'cardNumber' : issue.path) as keyof RegistrationForm;
      // A rule that names a value (the latest allowed date) is said with it; the others stay keys for the field to translate.
      const params = (issue as { params?: Record<string, string> }).params;
      const message = params ? i18n.t(issue.message, params) : issue.message;
      errors[field] ??= { type: 'validation', message };
    }
    return { values: {}, errors };
  };
}

export function RegisterView() {
  const [options, setOptions] = useState<Options>();
  const [error, setError] = useState<AppError>();
  useEffect(() => {
    void bridge.invoke('desk.options', {}).then((r) => (r.ok ? setOptions(r.value) : setError(r.error)));
  }, []);
  if (error) return <ErrorMessage error={error} />;
  return options ? <RegisterForm options={options} /> : null;
}

function RegisterForm({ options }: { options: Options }) {
  const { t } = useTranslation();
  const show = useDeskStore((s) => s.show);
  const typeId = useId();
  const [serverError, setServerError] = useState<AppError>();
  const [identityCheck, setIdentityCheck] = useState<IdentityCheck>();
  const [moving, setMoving] = useState(false);
  const { register, handleSubmit, control, setError, setValue, trigger, formState } = useForm<RegistrationForm>({
    resolver: registrationResolver(options),
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    defaultValues: {
      registerType: 'adult', identityNumber: '', firstName: '', lastName: '', email: '', validUntil: '', groups: [], branchId: '',
      guardianName: '', guardianBirthDate: '', agreementAccepted: false, hasLegalAdministrator: false, sendLoginDetails: true,
      password: '', cardNumber: '', protectedIdentity: false, street: '', postcode: '', town: '', addressProtected: false, altNumber: '',
      doorConsent: false, doorConsentRelation: 'parent',
    },
  });
  const type = useWatch({ control, name: 'registerType' });
  const sendLoginDetails = useWatch({ control, name: 'sendLoginDetails' });
  const errors = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    const result = await bridge.invoke('desk.register', toInput(values, options.country));
    // A protected identity opens only for central register staff: the others go back to search.
    if (result.ok && result.value.protected) show({ name: 'search' }, t('desk.register.savedProtected'));
    else if (result.ok) show({ name: 'borrower', id: result.value.id }, t('desk.register.saved'));
    else setServerError(applyServerErrors(result.error, setError, [...formFields, 'cardNumbers']));
  });

  // On leaving the field: is this person registered already, here or at another library?
  const checkIdentity = async (value: string) => {
    if (!value.trim()) return setIdentityCheck(undefined);
    const result = await bridge.invoke('desk.checkIdentity', { identityNumber: value.trim() });
    setIdentityCheck(result.ok ? result.value : undefined);
  };
  const identityField = register('identityNumber', {
    onBlur: (e: { target: { value: string } }) => {
      void checkIdentity(e.target.value);
      // The check digit and the date are checked on leaving the field, not only at saving.
      if (e.target.value.trim()) void trigger('identityNumber');
    },
  });

  return (
    <section aria-labelledby="register-title" className="register-view">
      <Title order={2} id="register-title" mb="md">
        {t('desk.nav.register')}
      </Title>
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="register-form">
        <div className="form-columns">
          <Fieldset legend={<span id={typeId}>{t('desk.register.type')}</span>} className="form-group">
            <Stack gap={6}>
              {registerTypes.map((rt) => (
                <Radio key={rt} value={rt} label={t(`desk.type.${rt}`)} {...register('registerType')} />
              ))}
            </Stack>
            <FieldError id={`${typeId}-error`} message={errors.registerType?.message} />
            <Text size="sm" className="agreement" mt="md">
              {t('desk.register.agreementText')}
            </Text>
            <Stack gap="xs" mt="xs">
              <CheckboxField label={t('desk.field.agreementAccepted')} error={errors.agreementAccepted?.message} {...register('agreementAccepted')} />
              <CheckboxField label={t('desk.field.hasLegalAdministrator')} error={errors.hasLegalAdministrator?.message} {...register('hasLegalAdministrator')} />
            </Stack>
          </Fieldset>

          <Fieldset legend={t('ui.borrower.details')} className="form-group">
            <Stack gap="sm">
              <TextField
                label={isLmaType(type) ? t('desk.field.identityNumberLma') : t('desk.field.identityNumber')}
                error={errors.identityNumber?.message}
                autoComplete="off"
                {...identityField}
              />
              {identityCheck?.status === 'elsewhere' && (
                <Alert color="orange" role="alert" className="warning">
                  <Text size="sm">{t('desk.register.existsElsewhere', { library: identityCheck.libraryName })}</Text>
                  <Button variant="light" size="xs" mt="xs" onClick={() => setMoving(true)}>
                    {t('desk.move.title')}
                  </Button>
                </Alert>
              )}
              {identityCheck?.status === 'protected' && (
                <Alert color="orange" role="alert" className="warning">
                  <Text size="sm">{t('desk.register.existsProtected')}</Text>
                </Alert>
              )}
              {identityCheck?.status === 'here' && (
                <Alert color="orange" role="alert" className="warning">
                  <Text size="sm">{t('desk.register.existsHere')}</Text>
                  <Button variant="light" size="xs" mt="xs" onClick={() => show({ name: 'borrower', id: identityCheck.borrowerId })}>
                    {t('desk.register.open')}
                  </Button>
                </Alert>
              )}
              <Group grow align="flex-start">
                <TextField label={t('desk.field.firstName')} error={errors.firstName?.message} autoComplete="off" {...register('firstName')} />
                <TextField label={t('desk.field.lastName')} error={errors.lastName?.message} autoComplete="off" {...register('lastName')} />
              </Group>
              <TextField
                label={t(emailRequiredIn(options.country) ? 'desk.field.email' : 'desk.field.emailOptional')}
                type="email"
                error={errors.email?.message}
                autoComplete="off"
                {...register('email')}
              />
              {options.country === 'DK' && (
                <>
                  <TextField label={t('desk.field.street')} error={errors.street?.message} autoComplete="off" {...register('street')} />
                  <TextField label={t('desk.field.postcode')} error={errors.postcode?.message} autoComplete="off" {...register('postcode')} />
                  <TextField label={t('desk.field.town')} error={errors.town?.message} autoComplete="off" {...register('town')} />
                  <CheckboxField label={t('desk.field.addressProtected')} {...register('addressProtected')} />
                  <AltNumberField
                    field={register('altNumber')}
                    error={errors.altNumber?.message}
                    onGenerated={(n) => setValue('altNumber', n, { shouldDirty: true })}
                    onRefused={(message) => setError('altNumber', { type: 'server', message })}
                  />
                </>
              )}
              <DateField control={control} name="validUntil" label={t('desk.field.validUntil')} error={errors.validUntil?.message} />
              {isMinorType(type) && (
                <>
                  <Group grow align="flex-start">
                    <TextField label={t('desk.field.guardianName')} error={errors.guardianName?.message} {...register('guardianName')} />
                    <DateField control={control} name="guardianBirthDate" label={t('desk.field.guardianBirthDate')} error={errors.guardianBirthDate?.message} />
                  </Group>
                  <GuardianConsentFields register={register} error={errors.doorConsent?.message} />
                </>
              )}
            </Stack>
          </Fieldset>

          <Fieldset legend={t('ui.borrower.access')} className="form-group">
            <Stack gap="sm">
              <GroupBranchFields options={options} register={register} />
              <TextField label={t('desk.field.cardNumber')} error={errors.cardNumber?.message} autoComplete="off" {...register('cardNumber')} />
              <CheckboxField label={t('desk.field.protectedIdentity')} {...register('protectedIdentity')} />
              <CheckboxField label={t('desk.field.sendLoginDetails')} error={errors.sendLoginDetails?.message} {...register('sendLoginDetails')} />
              {!sendLoginDetails && (
                <TextField label={t('desk.field.password')} type="password" autoComplete="new-password" error={errors.password?.message} {...register('password')} />
              )}
            </Stack>
          </Fieldset>
        </div>
        <Group mt="md">
          <Button type="submit" loading={formState.isSubmitting}>
            {t('desk.register.save')}
          </Button>
        </Group>
        <ErrorMessage error={serverError} />
      </form>
      {/* Outside the registration form: forms must not nest. */}
      {moving && identityCheck?.status === 'elsewhere' && <MoveHereDialog check={identityCheck} onClose={() => setMoving(false)} />}
    </section>
  );
}
