import { useTranslation } from 'react-i18next';
import type { CirculationOutcome } from '../../../../shared/ipc/contract';
import type { MessageKey } from '../../../../shared/i18n/resources';
import { formatDate } from '../../format';
import type { RefusalWords } from '../../stores/kiosk';

/**
 * Main's messages in the page's language now: a borrower who changes language after signing in sees this
 * visit's outcomes and the last refusal in the new one. Without a known key (a library system's own words): as sent.
 */
export function useKioskWords() {
  const { t, i18n } = useTranslation();
  const known = (code: string | undefined): code is MessageKey => code !== undefined && i18n.exists(code);
  return {
    outcome: (o: CirculationOutcome): string =>
      known(o.code) ? t(o.code, { ...o.params, dueDate: o.dueDate ? formatDate(o.dueDate, i18n.language, 'long') : '' }) : o.message,
    refusal: (message: string | undefined, words: RefusalWords | undefined): string | undefined =>
      message !== undefined && words && known(words.code) ? t(words.code, words.params) : message,
  };
}
