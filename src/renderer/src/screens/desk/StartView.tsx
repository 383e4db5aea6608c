import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Response } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';

export function StartView() {
  const { t } = useTranslation();
  const [page, setPage] = useState<Response<'desk.startPage'>>();
  const [error, setError] = useState<AppError>();
  // Bumped after a decision so the page reloads.
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    let live = true;
    void bridge.invoke('desk.startPage', {}).then((result) => {
      if (!live) return;
      if (result.ok) setPage(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [revision]);

  const decide = async (requestId: string, accept: boolean) => {
    const result = await bridge.invoke('desk.decideTransfer', { requestId, accept });
    setError(result.ok ? undefined : result.error);
    setRevision((r) => r + 1);
  };

  return (
    <section aria-labelledby="start-title">
      <h2 id="start-title">{t('desk.nav.start')}</h2>
      <ErrorMessage error={error} />
      {page && (
        <>
          <dl className="facts">
            <dt>{t('desk.start.library')}</dt>
            <dd>{page.libraryName}</dd>
            <dt>{t('desk.start.borrowers')}</dt>
            <dd data-testid="borrower-count">{page.borrowerCount}</dd>
          </dl>
          <h3 id="transfers-title">{t('desk.start.transfers')}</h3>
          {page.transfers.length === 0 ? (
            <p>{t('desk.start.noTransfers')}</p>
          ) : (
            <ul aria-labelledby="transfers-title" className="transfers">
              {page.transfers.map((tr) => (
                <li key={tr.id} data-testid="transfer-request">
                  <span>
                    {tr.borrowerName} {t('desk.transfer.from', { library: tr.fromLibraryName })}
                  </span>
                  <button type="button" onClick={() => void decide(tr.id, true)} aria-label={`${t('desk.transfer.accept')}: ${tr.borrowerName}`}>
                    {t('desk.transfer.accept')}
                  </button>
                  <button type="button" onClick={() => void decide(tr.id, false)} aria-label={`${t('desk.transfer.reject')}: ${tr.borrowerName}`}>
                    {t('desk.transfer.reject')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
