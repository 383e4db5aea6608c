import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalInfo } from '../../../shared/ipc/contract';
import { missingCaseError } from '../../../shared/result';
import { refusalMessageKey } from '../../../shared/sync/refusals';
import { useDeskStore, type DeskView } from '../stores/desk';
import { useSyncStore } from '../stores/sync';
import { useSystemStatus } from '../stores/system';
import { AuditView } from './desk/AuditView';
import { BorrowerView } from './desk/BorrowerView';
import { LoginView } from './desk/LoginView';
import { RegisterView } from './desk/RegisterView';
import { SearchView } from './desk/SearchView';
import { StartView } from './desk/StartView';
import { DoorAlarmBanner } from '../components/door/DoorAlarmBanner';

export function DeskScreen({ info }: { info: TerminalInfo }) {
  const { t } = useTranslation();
  const { session, view, notice, loadSession, logout, show } = useDeskStore();
  useEffect(() => {
    void loadSession();
  }, [loadSession]);

  return (
    <div className="desk">
      <header className="desk-header">
        <h1 id="desk-title">{t('desk.title')}</h1>
        {session && (
          <>
            <span>{t('desk.signedInAs', { name: session.name, library: session.libraryName })}</span>
            <button type="button" onClick={() => void logout()}>
              {t('desk.logout')}
            </button>
          </>
        )}
      </header>
      {session && (
        <nav aria-label={t('desk.title')} className="desk-nav">
          {(['start', 'register', 'search', ...(session.role === 'admin' || session.role === 'central' ? (['audit'] as const) : [])] as const).map((name) => (
            <button key={name} type="button" aria-current={view.name === name ? 'page' : undefined} onClick={() => show({ name })}>
              {t(`desk.nav.${name}`)}
            </button>
          ))}
        </nav>
      )}
      <main aria-labelledby="desk-title">
        {notice && (
          <p role="status" className="notice">
            {notice}
          </p>
        )}
        {session === null && <LoginView />}
        {session && <DoorAlarmBanner />}
        {session && <DeskViewSwitch view={view} />}
      </main>
      <TerminalStatus name={info.name} />
    </div>
  );
}

function DeskViewSwitch({ view }: { view: DeskView }) {
  switch (view.name) {
    case 'start':
      return <StartView />;
    case 'register':
      return <RegisterView />;
    case 'search':
      return <SearchView />;
    case 'borrower':
      return <BorrowerView key={view.id} id={view.id} />;
    case 'audit':
      return <AuditView />;
    default:
      throw missingCaseError(view);
  }
}

/** Footer with the terminal's local state: schema version and changes not yet sent to the register. */
function TerminalStatus({ name }: { name: string }) {
  const { t, i18n } = useTranslation();
  const { value, refresh } = useSystemStatus();
  const { status: sync, load: loadSync } = useSyncStore();
  const view = useDeskStore((s) => s.view);
  useEffect(() => {
    void refresh();
    void loadSync();
  }, [refresh, loadSync, view]);
  // Why the register refused them, in the staff's language where we have words for it (e.g. another library's borrower).
  const refusals = (reasons: readonly string[]) =>
    reasons.length === 0 ? '' : ` (${reasons.map((r) => { const key = refusalMessageKey(r); return key ? t(key) : r; }).join('; ')})`;
  return (
    <footer className="terminal-status">
      <dl className="facts">
        <dt>{t('desk.terminal')}</dt>
        <dd>{name}</dd>
        {value && (
          <>
            <dt>{t('desk.schemaVersion')}</dt>
            <dd data-testid="schema-version">{value.schemaVersion}</dd>
            <dt>{t('desk.outboxPending')}</dt>
            <dd data-testid="outbox-pending">{value.outboxPending}</dd>
          </>
        )}
        <dt>{t('sync.title')}</dt>
        <dd data-testid="sync-status">
          {!sync || !sync.configured
            ? t('sync.notConfigured')
            : sync.revoked
              ? t('sync.revoked')
              : `${sync.online === null ? t('sync.unknown') : sync.online ? t('sync.online') : t('sync.offline')} · ${t('sync.lastSync')}: ${
                  sync.lastSyncAt ? new Date(sync.lastSyncAt).toLocaleString(i18n.language) : t('sync.never')
                } · ${t('sync.conflicts')}: ${sync.conflicts} · ${t('sync.quarantined')}: ${sync.quarantined}${refusals(sync.refusedReasons)}`}
        </dd>
      </dl>
    </footer>
  );
}
