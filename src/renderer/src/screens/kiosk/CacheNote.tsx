import { useTranslation } from 'react-i18next';
import { localeOf } from '../../format';

/** The library system could not be asked: say that the lists are from the cache (and from when), or not known now. */
export function CacheNote({ fromCache }: { fromCache: { at: string | null } | undefined }) {
  const { t, i18n } = useTranslation();
  if (!fromCache) return null;
  const time = fromCache.at ? new Intl.DateTimeFormat(localeOf(i18n.language), { dateStyle: 'long', timeStyle: 'short' }).format(new Date(fromCache.at)) : undefined;
  return (
    <p role="status" className="kiosk-cache-note" data-testid="kiosk-cache-note">
      {time ? t('kiosk.cache.note', { time }) : t('kiosk.cache.unknown')}
    </p>
  );
}
