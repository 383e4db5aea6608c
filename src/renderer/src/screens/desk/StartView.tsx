import { Paper, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Response, TransferRequest } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { toast } from './notices';
import { DoorOverridePanel } from './DoorOverridePanel';
import { AcceptTransferDialog } from './AcceptTransferDialog';
import { IncomingTransfers, OutgoingTransfers } from './TransferTables';

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

  // A borrower without the e-mail this library requires is accepted with an address given in a dialog.
  const [asking, setAsking] = useState<TransferRequest>();
  const decide = useCallback(
    async (tr: TransferRequest, accept: boolean) => {
      if (accept && tr.emailNeeded) {
        setAsking(tr);
        return;
      }
      const result = await bridge.invoke('desk.decideTransfer', { requestId: tr.id, accept });
      setError(result.ok ? undefined : result.error);
      if (result.ok) toast(t(accept ? 'desk.transfer.accepted' : 'desk.transfer.rejected', { name: tr.borrowerName }));
      setRevision((r) => r + 1);
    },
    [t],
  );
  const withdraw = useCallback(
    async (tr: TransferRequest) => {
      const result = await bridge.invoke('desk.withdrawTransfer', { requestId: tr.id });
      setError(result.ok ? undefined : result.error);
      if (result.ok) toast(t('desk.transfer.withdrawn', { name: result.value.borrowerName }));
      setRevision((r) => r + 1);
    },
    [t],
  );

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
            <IncomingTransfers rows={page.transfers} decide={(tr, accept) => void decide(tr, accept)} />
          )}
          <Title order={3} id="outgoing-title" size="h4" mt="lg" mb="xs">
            {t('desk.start.outgoing')}
          </Title>
          {page.outgoing.length === 0 ? (
            <Text c="gray.7">{t('desk.start.noOutgoing')}</Text>
          ) : (
            <OutgoingTransfers rows={page.outgoing} withdraw={(tr) => void withdraw(tr)} />
          )}
          <DoorOverridePanel />
          {asking && (
            <AcceptTransferDialog
              request={asking}
              onClose={() => setAsking(undefined)}
              onAccepted={() => {
                toast(t('desk.transfer.accepted', { name: asking.borrowerName }));
                setAsking(undefined);
                setError(undefined);
                setRevision((r) => r + 1);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}
