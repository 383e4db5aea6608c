import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Response } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorMessage } from '../../components/ErrorMessage';

type Transfer = Response<'desk.startPage'>['transfers'][number];

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

  const columns = useMemo<Column<Transfer>[]>(() => {
    const decide = async (requestId: string, accept: boolean) => {
      const result = await bridge.invoke('desk.decideTransfer', { requestId, accept });
      setError(result.ok ? undefined : result.error);
      setRevision((r) => r + 1);
    };
    return [
      {
        key: 'who',
        header: t('desk.start.transfers'),
        sortValue: (tr) => tr.borrowerName,
        render: (tr) => `${tr.borrowerName} ${t('desk.transfer.from', { library: tr.fromLibraryName })}`,
      },
      {
        key: 'decide',
        header: '',
        render: (tr) => (
          <Group gap="xs" justify="flex-end" wrap="nowrap">
            <Button size="xs" onClick={() => void decide(tr.id, true)} aria-label={`${t('desk.transfer.accept')}: ${tr.borrowerName}`}>
              {t('desk.transfer.accept')}
            </Button>
            <Button size="xs" variant="default" onClick={() => void decide(tr.id, false)} aria-label={`${t('desk.transfer.reject')}: ${tr.borrowerName}`}>
              {t('desk.transfer.reject')}
            </Button>
          </Group>
        ),
      },
    ];
  }, [t]);

  return (
    <section aria-labelledby="start-title">
      <Title order={2} id="start-title" mb="md">
        {t('desk.nav.start')}
      </Title>
      <ErrorMessage error={error} />
      {page && (
        <>
          <div className="stat-grid">
            <Paper withBorder p="md">
              <Text size="sm" c="gray.7">
                {t('desk.start.library')}
              </Text>
              <Text fw={700} size="lg">
                {page.libraryName}
              </Text>
            </Paper>
            <Paper withBorder p="md">
              <Text size="sm" c="gray.7">
                {t('desk.start.borrowers')}
              </Text>
              <Text fw={700} size="lg" data-testid="borrower-count">
                {page.borrowerCount}
              </Text>
            </Paper>
          </div>
          <Title order={3} id="transfers-title" size="h4" mb="xs">
            {t('desk.start.transfers')}
          </Title>
          {page.transfers.length === 0 ? (
            <Text c="gray.7">{t('desk.start.noTransfers')}</Text>
          ) : (
            <DataTable labelledBy="transfers-title" rows={page.transfers} columns={columns} rowKey={(tr) => tr.id} rowProps={() => ({ 'data-testid': 'transfer-request' })} />
          )}
        </>
      )}
    </section>
  );
}
