import { Badge, Button, Group, NavLink, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, StaffSession, SyncStatusView, TerminalInfo } from '../../../shared/ipc/contract';
import { bridge } from '../bridge';
import { setLanguage } from '../i18n';
import { missingCaseError } from '../../../shared/result';
import { refusalMessageKey } from '../../../shared/sync/refusals';
import { BrandHeading } from '../components/BrandMark';
import { LanguageButtons } from '../components/LanguageButtons';
import { formatDateTime } from '../format';
import { useDeskStore, type DeskView } from '../stores/desk';
import { useSyncStore } from '../stores/sync';
import { useSystemStatus } from '../stores/system';
import { TaskProgress } from '../components/TaskProgress';
import { syncProgressTasks } from '../../../shared/ipc/contract';
import { AuditView } from './desk/AuditView';
import { CheckinView } from './desk/CheckinView';
import { BorrowerView } from './desk/BorrowerView';
import { AccountView } from './desk/AccountView';
import { ListsView } from './desk/ListsView';
import { LoginView } from './desk/LoginView';
import { RegisterView } from './desk/RegisterView';
import { SearchView } from './desk/SearchView';
import { StartView } from './desk/StartView';
import { DoorAlarmBanner } from '../components/door/DoorAlarmBanner';
import { clearToasts, useDeskNotices } from './desk/notices';

/** The desk's frame: header (library, staff, language, sync), navigation on the left, the view, the status bar. */
export function DeskScreen({ info }: { info: TerminalInfo }) {
  const { t } = useTranslation();
  const { session, view, loadSession, logout, show } = useDeskStore();
  useEffect(() => {
    void loadSession();
  }, [loadSession]);
  useDisplayLanguage(info.language, session);
  useDeskNotices();
  const sync = useSyncStore((s) => s.status);

  const views = session
    ? (['start', 'search', 'lists', 'register', 'checkin', ...(session.role === 'admin' || session.role === 'central' ? (['audit'] as const) : []), 'account'] as const)
    : [];
  const active = view.name === 'borrower' ? 'search' : view.name;
  return (
    <div className={`desk-shell${session ? '' : ' signed-out'}`}>
      <header className="desk-header">
        <BrandHeading id="desk-title" title={t('desk.title')} />
        <Group gap="md" wrap="nowrap">
          <SyncBadge sync={sync} />
          <LanguageButtons label={t('language.label')} size="xs" />
          {session && (
            <>
              <Text size="sm">{t('desk.signedInAs', { name: session.name, library: session.libraryName })}</Text>
              <Button variant="default" size="xs" onClick={() => void logout()}>
                {t('desk.logout')}
              </Button>
            </>
          )}
        </Group>
      </header>
      {session && (
        <nav aria-label={t('ui.nav.main')} className="desk-nav">
          {views.map((name) => (
            <NavLink
              key={name}
              component="button"
              type="button"
              label={t(`desk.nav.${name}`)}
              active={active === name}
              aria-current={view.name === name ? 'page' : undefined}
              onClick={() => show({ name })}
            />
          ))}
        </nav>
      )}
      <main aria-labelledby="desk-title" className="desk-main">
        {session === null && <LoginView />}
        {session && <DoorAlarmBanner />}
        {session && <DeskViewSwitch view={view} />}
      </main>
      <TerminalStatus name={info.name} />
    </div>
  );
}

/**
 * The desk's language switch is for this session: main answers in the language shown (desk.displayLanguage), and
 * signing out goes back to the terminal's language.
 */
function useDisplayLanguage(terminalLanguage: Language, session: StaffSession | null | undefined) {
  const { i18n } = useTranslation();
  const language = i18n.language as Language;
  const shown = useRef(language);
  useEffect(() => {
    void bridge.invoke('desk.displayLanguage', { language });
    // Confirmations still up are in the language before: take them down rather than leave Swedish on an English screen.
    if (shown.current !== language) clearToasts();
    shown.current = language;
  }, [language]);
  const signedIn = useRef(false);
  useEffect(() => {
    if (signedIn.current && session === null) setLanguage(terminalLanguage);
    signedIn.current = Boolean(session);
  }, [session, terminalLanguage]);
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
    case 'lists':
      return <ListsView />;
    case 'audit':
      return <AuditView />;
    case 'checkin':
      return <CheckinView />;
    case 'account':
      return <AccountView />;
    default:
      throw missingCaseError(view);
  }
}

function SyncBadge({ sync }: { sync: SyncStatusView | undefined }) {
  const { t } = useTranslation();
  if (!sync?.configured) return null;
  const [color, label] = sync.revoked
    ? ['red', t('sync.revoked')]
    : sync.online === null
      ? ['gray', t('sync.unknown')]
      : sync.online
        ? ['green', t('sync.online')]
        : ['orange', t('sync.offline')];
  return (
    <Badge color={color} variant="light" size="lg" className="sync-badge">
      {label}
    </Badge>
  );
}

/** The status bar: the terminal's local state, schema version and changes not yet sent to the register. */
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
      <dl className="status-facts">
        <div>
          <dt>{t('desk.terminal')}</dt>
          <dd>{name}</dd>
        </div>
        {value && (
          <>
            <div>
              <dt>{t('desk.schemaVersion')}</dt>
              <dd data-testid="schema-version">{value.schemaVersion}</dd>
            </div>
            <div>
              <dt>{t('desk.outboxPending')}</dt>
              <dd data-testid="outbox-pending">{value.outboxPending}</dd>
            </div>
          </>
        )}
        <div className="sync-fact">
          <dt>{t('sync.title')}</dt>
          <dd data-testid="sync-status">
            {!sync || !sync.configured
              ? t('sync.notConfigured')
              : sync.revoked
                ? t('sync.revoked')
                : `${sync.online === null ? t('sync.unknown') : sync.online ? t('sync.online') : t('sync.offline')} · ${t('sync.lastSync')}: ${
                    sync.lastSyncAt ? formatDateTime(sync.lastSyncAt, i18n.language) : t('sync.never')
                  } · ${t('sync.conflicts')}: ${sync.conflicts} · ${t('sync.quarantined')}: ${sync.quarantined}${refusals(sync.refusedReasons)}`}
          </dd>
        </div>
      </dl>
      <TaskProgress tasks={syncProgressTasks} />
    </footer>
  );
}
