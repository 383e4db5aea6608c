import { useTranslation } from 'react-i18next';
import { StaffLoginForm } from '../../components/StaffLoginForm';
import { useTechnicianStore } from '../../stores/technician';

export function TechnicianLogin() {
  const { t } = useTranslation();
  const login = useTechnicianStore((s) => s.login);
  return (
    <StaffLoginForm
      title={t('technician.login.title')}
      hint={t('technician.login.hint')}
      labels={{ email: t('technician.login.email'), password: t('technician.login.password'), submit: t('technician.login.submit') }}
      login={login}
    />
  );
}

/** Who is signed in, or why the screen is open without a sign-in. */
export function TechnicianSession() {
  const { t } = useTranslation();
  const status = useTechnicianStore((s) => s.status);
  const logout = useTechnicianStore((s) => s.logout);
  if (!status) return null;
  if (!status.required && !status.signedIn) return <p className="technician-open-notice">{t('technician.login.open')}</p>;
  return (
    <p className="technician-session">
      {t('technician.login.signedInAs', { name: status.name ?? '' })}{' '}
      <button type="button" onClick={() => void logout()}>
        {t('technician.login.signOut')}
      </button>
    </p>
  );
}
