import { useEffect, useId, useState } from 'react';
import { useForm, useWatch, type FieldErrors, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  RegistrationInputSchema,
  checkRegistration,
  isLmaType,
  isMinorType,
  registerTypes,
  type RegistrationFields,
  type RegistrationInput,
} from '../../../../shared/desk/registration';
import type { IdentityCheck, Response } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FieldError } from '../../components/FieldError';
import { CheckboxField, TextField } from '../../components/fields';
import { useDeskStore } from '../../stores/desk';
import { applyServerErrors } from './apply-server-errors';
import { MoveHereDialog } from './MoveHereDialog';
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
  doorConsent: boolean;
  doorConsentRelation: GuardianRelation;
}

const formFields = [
  'registerType', 'identityNumber', 'firstName', 'lastName', 'email', 'validUntil', 'groups', 'branchId', 'guardianName',
  'guardianBirthDate', 'agreementAccepted', 'hasLegalAdministrator', 'sendLoginDetails', 'password', 'cardNumber', 'protectedIdentity',
  'doorConsent',
] as const;

function toInput(v: RegistrationForm): RegistrationInput {
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
    const input = toInput(values);
    const parsed = RegistrationInputSchema.safeParse(input);
    const shapeIssues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: i.message }));
    const fields = parsed.success ? parsed.data : (input as RegistrationFields);
    const checked = checkRegistration(fields, { today: options.today, country: options.country });
    const issues = [...shapeIssues, ...(checked.ok ? [] : checked.issues)];
    if (issues.length === 0) return { values, errors: {} };
    const errors: FieldErrors<RegistrationForm> = {};
    for (const issue of issues) {
      const field = (issue.path === 'cardNumbers' ? 'cardNumber' : issue.path) as keyof RegistrationForm;
      errors[field] ??= { type: 'validation', message: issue.message };
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
  const { register, handleSubmit, control, setError, formState } = useForm<RegistrationForm>({
    resolver: registrationResolver(options),
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    defaultValues: {
      registerType: 'adult', identityNumber: '', firstName: '', lastName: '', email: '', validUntil: '', groups: [], branchId: '',
      guardianName: '', guardianBirthDate: '', agreementAccepted: false, hasLegalAdministrator: false, sendLoginDetails: true,
      password: '', cardNumber: '', protectedIdentity: false,
      doorConsent: false, doorConsentRelation: 'parent',
    },
  });
  const type = useWatch({ control, name: 'registerType' });
  const sendLoginDetails = useWatch({ control, name: 'sendLoginDetails' });
  const errors = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    const result = await bridge.invoke('desk.register', toInput(values));
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
    },
  });

  return (
    <section aria-labelledby="register-title">
      <h2 id="register-title">{t('desk.nav.register')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="register-form">
        <fieldset>
          <legend id={typeId}>{t('desk.register.type')}</legend>
          {registerTypes.map((rt) => (
            <label key={rt} className="radio">
              <input type="radio" value={rt} {...register('registerType')} /> {t(`desk.type.${rt}`)}
            </label>
          ))}
          <FieldError id={`${typeId}-error`} message={errors.registerType?.message} />
        </fieldset>

        <p className="agreement">{t('desk.register.agreementText')}</p>
        <CheckboxField label={t('desk.field.agreementAccepted')} error={errors.agreementAccepted?.message} {...register('agreementAccepted')} />
        <CheckboxField label={t('desk.field.hasLegalAdministrator')} error={errors.hasLegalAdministrator?.message} {...register('hasLegalAdministrator')} />

        <TextField
          label={isLmaType(type) ? t('desk.field.identityNumberLma') : t('desk.field.identityNumber')}
          error={errors.identityNumber?.message}
          autoComplete="off"
          {...identityField}
        />
        {identityCheck?.status === 'elsewhere' && (
          <div className="warning" role="alert">
            <p>{t('desk.register.existsElsewhere', { library: identityCheck.libraryName })}</p>
            <button type="button" className="link" onClick={() => setMoving(true)}>
              {t('desk.move.title')}
            </button>
          </div>
        )}
        {identityCheck?.status === 'protected' && (
          <div className="warning" role="alert">
            <p>{t('desk.register.existsProtected')}</p>
          </div>
        )}
        {identityCheck?.status === 'here' && (
          <div className="warning" role="alert">
            <p>{t('desk.register.existsHere')}</p>
            <button type="button" className="link" onClick={() => show({ name: 'borrower', id: identityCheck.borrowerId })}>
              {t('desk.register.open')}
            </button>
          </div>
        )}

        <TextField label={t('desk.field.firstName')} error={errors.firstName?.message} autoComplete="off" {...register('firstName')} />
        <TextField label={t('desk.field.lastName')} error={errors.lastName?.message} autoComplete="off" {...register('lastName')} />
        <TextField label={t('desk.field.email')} type="email" error={errors.email?.message} autoComplete="off" {...register('email')} />
        <TextField label={t('desk.field.validUntil')} type="date" error={errors.validUntil?.message} {...register('validUntil')} />

        {isMinorType(type) && (
          <>
            <TextField label={t('desk.field.guardianName')} error={errors.guardianName?.message} {...register('guardianName')} />
            <TextField label={t('desk.field.guardianBirthDate')} type="date" error={errors.guardianBirthDate?.message} {...register('guardianBirthDate')} />
            <GuardianConsentFields register={register} error={errors.doorConsent?.message} />
          </>
        )}

        {options.groups.length > 0 && (
          <fieldset>
            <legend>{t('desk.field.groups')}</legend>
            {options.groups.map((g) => (
              <label key={g.code} className="radio">
                <input type="checkbox" value={g.code} {...register('groups')} /> {g.name}
              </label>
            ))}
          </fieldset>
        )}
        {options.branches.length > 0 && (
          <div className="field">
            <label htmlFor={`${typeId}-branch`}>{t('desk.field.branch')}</label>
            <select id={`${typeId}-branch`} {...register('branchId')}>
              <option value="">{t('desk.field.branchNone')}</option>
              {options.branches.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <TextField label={t('desk.field.cardNumber')} error={errors.cardNumber?.message} autoComplete="off" {...register('cardNumber')} />
        <CheckboxField label={t('desk.field.protectedIdentity')} {...register('protectedIdentity')} />
        <CheckboxField label={t('desk.field.sendLoginDetails')} {...register('sendLoginDetails')} />
        {!sendLoginDetails && (
          <TextField label={t('desk.field.password')} type="password" autoComplete="new-password" error={errors.password?.message} {...register('password')} />
        )}
        <button type="submit" disabled={formState.isSubmitting}>
          {t('desk.register.save')}
        </button>
        <ErrorMessage error={serverError} />
      </form>
      {/* Outside the registration form: forms must not nest. */}
      {moving && identityCheck?.status === 'elsewhere' && <MoveHereDialog check={identityCheck} onClose={() => setMoving(false)} />}
    </section>
  );
}
