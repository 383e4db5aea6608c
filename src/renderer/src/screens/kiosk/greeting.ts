import { useTranslation } from 'react-i18next';

/** "Hello Åsa!", or a neutral welcome for a visitor whose name the register did not give (offline, protected). */
export function useKioskGreeting(firstName: string): string {
  const { t } = useTranslation();
  return firstName ? t('kiosk.hello', { name: firstName }) : t('kiosk.greeting.neutral');
}
