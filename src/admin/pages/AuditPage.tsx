import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { AuditEntry, AuditVerification } from '../types';
import { useErrorText, useLoad } from '../useApi';
import { DataTable, Done, Failure, useTime } from './common';

/** The register's audit, newest first, and its hash-chain verification (both audited by the register). */
export function AuditPage() {
  const { t } = useTranslation();
  const time = useTime();
  const errorText = useErrorText();
  const { data, error } = useLoad<{ entries: AuditEntry[] }>('/admin/audit?limit=100');
  const [result, setResult] = useState<AuditVerification>();
  const [failed, setFailed] = useState<string>();
  const verify = () => api<AuditVerification>('GET', '/admin/audit/verify').then(setResult, (e: unknown) => setFailed(errorText(e)));
  return (
    <>
      <Failure text={error ?? failed ?? (result && !result.ok ? t('admin.audit.broken', { id: result.brokenAt, reason: result.reason, rows: result.rowsChecked }) : undefined)} />
      <Done text={result?.ok ? t('admin.audit.ok', { rows: result.rows }) : undefined} />
      <Group mb="md">
        <Button onClick={() => void verify()}>{t('admin.audit.verify')}</Button>
      </Group>
      <DataTable
        caption={t('admin.audit.latest')}
        head={[t('admin.col.at'), t('admin.col.actor'), t('admin.col.action'), t('admin.col.subject')]}
        rows={(data?.entries ?? []).map((e) => [time(e.at), e.actor, e.action, e.subjectId ? `${e.subjectType}:${e.subjectId}` : e.subjectType])}
      />
    </>
  );
}
