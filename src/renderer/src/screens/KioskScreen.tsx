import { useTranslation } from 'react-i18next';
import { LanguageButtons } from '../components/LanguageButtons';

export function KioskScreen() {
  const { t } = useTranslation();
  return (
    <main className="kiosk" aria-labelledby="kiosk-title">
      <h1 id="kiosk-title">{t('kiosk.welcome')}</h1>
      <p className="kiosk-instructions">{t('kiosk.instructions')}</p>
      <LanguageButtons label={t('kiosk.chooseLanguage')} />
    </main>
  );
}
