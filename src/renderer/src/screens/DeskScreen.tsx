import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalInfo } from '../../../shared/ipc/contract';
import { ErrorMessage } from '../components/ErrorMessage';
import { useSystemStatus } from '../stores/system';

export function DeskScreen({ info }: { info: TerminalInfo }) {
  const { t, i18n } = useTranslation();
  const { status, value, error, refresh } = useSystemStatus();
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <main className="desk" aria-labelledby="desk-title">
      <h1 id="desk-title">{t('desk.title')}</h1>
      <ErrorMessage error={error} />
      <dl className="facts" aria-busy={status === 'loading'}>
        <dt>{t('desk.terminal')}</dt>
        <dd>{info.name}</dd>
        {value && (
          <>
            <dt>{t('desk.schemaVersion')}</dt>
            <dd data-testid="schema-version">{value.schemaVersion}</dd>
            <dt>{t('desk.outboxPending')}</dt>
            <dd data-testid="outbox-pending">{value.outboxPending}</dd>
            <dt>{t('desk.startedAt')}</dt>
            <dd>{new Date(value.startedAt).toLocaleString(i18n.language)}</dd>
          </>
        )}
      </dl>
    </main>
  );
}
