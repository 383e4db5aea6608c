import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { RetentionReport } from '../types';
import { useErrorText } from '../useApi';
import { DataTable, Done, Failure, useTime } from './common';

/** POST /admin/retention/run {dryRun: true}: what would go now, changing nothing. */
export function RetentionPage() {
  const { t } = useTranslation();
  const time = useTime();
  const errorText = useErrorText();
  const [report, setReport] = useState<RetentionReport>();
  const [failed, setFailed] = useState<string>();
  const run = () => api<RetentionReport>('POST', '/admin/retention/run', { dryRun: true }).then(setReport, (e: unknown) => setFailed(errorText(e)));
  return (
    <>
      <Failure text={failed} />
      <Text mb="md">{t('admin.retention.explain')}</Text>
      <Group mb="md">
        <Button onClick={() => void run()}>{t('admin.retention.dryRun')}</Button>
      </Group>
      {report && (
        <>
          <Done text={t('admin.retention.report', { at: time(report.at) })} />
          <DataTable
            caption={t('admin.retention.title')}
            head={[t('admin.col.rule'), t('admin.col.action'), t('admin.col.count')]}
            rows={Object.values(report.rules).map((r) => [r.rule, r.action, String(r.count)])}
          />
        </>
      )}
    </>
  );
}
