import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useReferenceNames } from '../../components/reference';

export function AuditView() {
  const { t, i18n } = useTranslation();
  const names = useReferenceNames();
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [error, setError] = useState<AppError>();
  useEffect(() => {
    void bridge.invoke('desk.auditLog', { limit: 200 }).then((result) => (result.ok ? setEntries(result.value) : setError(result.error)));
  }, []);
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('desk.nav.audit')}</h2>
      <ErrorMessage error={error} />
      {entries && (
        <table aria-labelledby="audit-title">
          <thead>
            <tr>
              <th scope="col">{t('desk.audit.at')}</th>
              <th scope="col">{t('desk.audit.staff')}</th>
              <th scope="col">{t('desk.audit.action')}</th>
              <th scope="col">{t('desk.audit.subject')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-entry">
                <td>{new Date(e.at).toLocaleString(i18n.language)}</td>
                <td>{e.staffName ?? ''}</td>
                <td>{names.auditAction(e.action)}</td>
                <td>
                  <code>{e.subjectId ?? ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
