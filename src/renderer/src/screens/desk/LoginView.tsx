import { useTranslation } from 'react-i18next';
import { StaffLoginForm } from '../../components/StaffLoginForm';
import { useDeskStore } from '../../stores/desk';

export function LoginView() {
  const { t } = useTranslation();
  const login = useDeskStore((s) => s.login);
  return (
    <StaffLoginForm
      title={t('desk.login.title')}
      labels={{ email: t('desk.login.email'), password: t('desk.login.password'), submit: t('desk.login.submit') }}
      login={login}
    />
  );
}
