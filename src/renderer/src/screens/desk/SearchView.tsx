import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BorrowerSummary } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useDeskStore } from '../../stores/desk';

/** Search as you type; only the newest answer is shown. */
export function SearchView() {
  const { t } = useTranslation();
  const id = useId();
  const show = useDeskStore((s) => s.show);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<BorrowerSummary[] | undefined>();
  const [error, setError] = useState<AppError>();

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      void bridge.invoke('desk.search', { query, limit: 50 }).then((result) => {
        if (!current) return;
        if (result.ok) {
          setResults(result.value);
          setError(undefined);
        } else setError(result.error);
      });
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  return (
    <section aria-labelledby="search-title">
      <h2 id="search-title">{t('desk.nav.search')}</h2>
      <label htmlFor={id}>{t('desk.search.label')}</label>
      <input id={id} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" autoFocus />
      <ErrorMessage error={error} />
      {results && (
        <p role="status" aria-live="polite">
          {results.length === 0 ? t('desk.search.none') : t('desk.search.count', { count: results.length })}
        </p>
      )}
      {results && results.length > 0 && (
        <ul className="results">
          {results.map((b) => (
            <li key={b.id} data-testid="search-result">
              {b.restricted ? (
                // A protected identity: library staff learn only that it exists (the desk service sends nothing more).
                <span className="warning">{t('desk.search.protectedMarker')}</span>
              ) : (
                <>
                  <button type="button" className="link" onClick={() => show({ name: 'borrower', id: b.id })}>
                    {b.protected ? b.email : `${b.lastName ?? ''}, ${b.firstName ?? ''}`}
                  </button>{' '}
                  <span>{b.identityDisplay}</span> <span>{b.email}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
