import { Anchor, Code, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useReferenceNames } from '../../components/reference';
import { formatDateTime } from '../../format';
import { useDeskStore } from '../../stores/desk';

export function AuditView() {
  const { t, i18n } = useTranslation();
  const names = useReferenceNames();
  const show = useDeskStore((s) => s.show);
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [error, setError] = useState<AppError>();
  useEffect(() => {
    void bridge.invoke('desk.auditLog', { limit: 200 }).then((result) => (result.ok ? setEntries(result.value) : setError(result.error)));
  }, []);
  const columns = useMemo<Column<AuditEntry>[]>(
    () => [
      { key: 'at', header: t('desk.audit.at'), sortValue: (e) => e.at, render: (e) => formatDateTime(e.at, i18n.language) },
      { key: 'staff', header: t('desk.audit.staff'), sortValue: (e) => e.staffName ?? '', render: (e) => e.staffName ?? '' },
      { key: 'action', header: t('desk.audit.action'), sortValue: (e) => e.action, render: (e) => names.auditAction(e.action) },
      {
        key: 'subject',
        header: t('desk.audit.subject'),
        sortValue: (e) => e.subjectName ?? e.subjectId ?? '',
        // The person by name (a link to a borrower's page); the id only for someone this terminal no longer knows.
        render: (e) =>
          e.subjectName && e.subjectType === 'borrower' && e.subjectId ? (
            <Anchor component="button" type="button" onClick={() => show({ name: 'borrower', id: e.subjectId! })}>
              {e.subjectName}
            </Anchor>
          ) : e.subjectName ? (
            e.subjectName
          ) : (
            <Code>{e.subjectId ?? ''}</Code>
          ),
      },
    ],
    [t, i18n.language, names, show],
  );
  return (
    <section aria-labelledby="audit-title">
      <Title order={2} id="audit-title" mb="sm">
        {t('desk.nav.audit')}
      </Title>
      <ErrorMessage error={error} />
      {entries && <DataTable labelledBy="audit-title" rows={entries} columns={columns} rowKey={(e) => String(e.id)} rowProps={() => ({ 'data-testid': 'audit-entry' })} pageSize={50} />}
    </section>
  );
}
