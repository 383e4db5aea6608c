import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { syncProgressTasks, terminalModes, type TerminalMode } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { tlsProblemMessageKeys } from '../../../../shared/sync/tls-problems';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TaskProgress } from '../../components/TaskProgress';
import { useSyncStore } from '../../stores/sync';
import { formatDateTime } from '../../format';

/** Enrolment with the central register (a one-time code from its administrator) and sync status. */
export function RegisterSection() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { status, load } = useSyncStore();
  const [code, setCode] = useState('');
  const [error, setError] = useState<AppError>();
  useEffect(() => {
    void load();
  }, [load]);

  // A register mode without a local screen of its own (a door) is named as the register names it.
  const modeName = (mode: string) => ((terminalModes as readonly string[]).includes(mode) ? t(`mode.${mode as TerminalMode}`) : mode);

  const enrol = async () => {
    const result = await bridge.invoke('sync.enrol', { code });
    setError(result.ok ? undefined : result.error);
    if (result.ok) setCode('');
    await load();
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('sync.title')}</h2>
      {!status?.configured ? (
        <p>{t('sync.notConfigured')}</p>
      ) : (
        <>
          <p data-testid="register-status">
            {status.revoked
              ? t('sync.revoked')
              : `${status.enrolled ? t('sync.enrolled') : ''} ${status.online === null ? t('sync.unknown') : status.online ? t('sync.online') : t('sync.offline')} · ${t('sync.pending')}: ${status.pendingOutbox} · ${t('sync.lastSync')}: ${
                  status.lastSyncAt ? formatDateTime(status.lastSyncAt, i18n.language) : t('sync.never')
                }`}
          </p>
          {status.tlsProblem && (
            <p role="alert" data-testid="register-tls">
              {t(tlsProblemMessageKeys[status.tlsProblem])}
            </p>
          )}
          <TaskProgress tasks={syncProgressTasks} />
          {status.enrolment && (
            <p data-testid="register-enrolment">
              {t('sync.enrolledAs', { mode: modeName(status.enrolment.mode), library: status.enrolment.libraryId, branch: status.enrolment.branchId })}
            </p>
          )}
          {!status.enrolled && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void enrol();
              }}
            >
              <label htmlFor={`${id}-code`}>{t('sync.enrol.code')}</label>
              <input id={`${id}-code`} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />
              <button type="submit">{t('sync.enrol.submit')}</button>
            </form>
          )}
          {status.enrolled && (
            <button type="button" onClick={() => void bridge.invoke('sync.now', {}).then(() => load())}>
              {t('sync.now')}
            </button>
          )}
        </>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
