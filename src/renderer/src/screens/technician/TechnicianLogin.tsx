import { Button, Group, Text } from '@mantine/core';
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
    <Group gap="md" className="technician-session">
      <Text size="sm">{t('technician.login.signedInAs', { name: status.name ?? '' })}</Text>
      <Button size="sm" variant="default" onClick={() => void logout()}>
        {t('technician.login.signOut')}
      </Button>
    </Group>
  );
}
