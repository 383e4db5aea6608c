import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { languages, type Language } from '../../../shared/ipc/contract';
import { setLanguage } from '../i18n';

/** Language switch for one session, each language named in itself: changes this screen, not the terminal's default. */
export function LanguageButtons({ label, size }: { label: string; size?: 'xs' | 'sm' | 'xl' }) {
  const { t, i18n } = useTranslation();
  return (
    <nav aria-label={label} className="language-buttons">
      <Group gap="xs" justify="center">
        {languages.map((language: Language) => (
          <Button
            key={language}
            type="button"
            lang={language}
            size={size}
            variant={i18n.language === language ? 'filled' : 'default'}
            aria-pressed={i18n.language === language}
            onClick={() => setLanguage(language)}
          >
            {t(`language.${language}`)}
          </Button>
        ))}
      </Group>
    </nav>
  );
}
