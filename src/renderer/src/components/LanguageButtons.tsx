import { useTranslation } from 'react-i18next';
import { languages, type Language } from '../../../shared/ipc/contract';
import { setLanguage } from '../i18n';

/** Language switch for one session: changes what this screen shows, not the terminal's default. */
export function LanguageButtons({ label }: { label: string }) {
  const { t, i18n } = useTranslation();
  return (
    <nav aria-label={label} className="language-buttons">
      {languages.map((language: Language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={i18n.language === language}
          onClick={() => setLanguage(language)}
        >
          {t(`language.${language}`)}
        </button>
      ))}
    </nav>
  );
}
