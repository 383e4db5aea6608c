import { Anchor, Badge, Button, Group } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferRequest } from '../../../../shared/ipc/contract';
import { DataTable, type Column } from '../../components/DataTable';
import { formatDate } from '../../format';
import { useDeskStore } from '../../stores/desk';

/**
 * The columns both transfer lists share: the borrower (a link to the account), the masked identity number that tells
 * namesakes apart, the other library and the date of the request in the screen's language.
 */
function useTransferColumns(direction: 'incoming' | 'outgoing'): Column<TransferRequest>[] {
  const { t, i18n } = useTranslation();
  const show = useDeskStore((s) => s.show);
  return useMemo(
    () => [
      {
        key: 'who',
        header: t('desk.transfer.borrower'),
        sortValue: (tr) => tr.borrowerName,
        render: (tr) => (
          <Anchor component="button" type="button" fw={600} onClick={() => show({ name: 'borrower', id: tr.borrowerId })}>
            {tr.borrowerName}
          </Anchor>
        ),
      },
      { key: 'identity', header: t('desk.borrower.identity'), render: (tr) => tr.identityMasked },
      direction === 'incoming'
        ? { key: 'library', header: t('desk.transfer.fromLibrary'), sortValue: (tr) => tr.fromLibraryName, render: (tr) => tr.fromLibraryName }
        : { key: 'library', header: t('desk.transfer.toLibrary'), sortValue: (tr) => tr.toLibraryName, render: (tr) => tr.toLibraryName },
      { key: 'at', header: t('desk.transfer.requestedAt'), sortValue: (tr) => tr.createdAt, render: (tr) => formatDate(tr.createdAt.slice(0, 10), i18n.language) },
    ],
    [t, i18n.language, show, direction],
  );
}

/** Requests to move a borrower here: accept or reject, each confirmed with a toast. */
export function IncomingTransfers({ rows, decide }: { rows: TransferRequest[]; decide: (tr: TransferRequest, accept: boolean) => void }) {
  const { t } = useTranslation();
  const base = useTransferColumns('incoming');
  const columns = useMemo<Column<TransferRequest>[]>(
    () => [
      ...base,
      {
        key: 'decide',
        header: '',
        render: (tr) => (
          <Group gap="xs" justify="flex-end" wrap="nowrap">
            {tr.emailNeeded && (
              <Badge color="orange" variant="light">
                {t('desk.transfer.emailNeeded')}
              </Badge>
            )}
            <Button size="xs" onClick={() => decide(tr, true)} aria-label={`${t('desk.transfer.accept')}: ${tr.borrowerName}`}>
              {t('desk.transfer.accept')}
            </Button>
            <Button size="xs" variant="default" onClick={() => decide(tr, false)} aria-label={`${t('desk.transfer.reject')}: ${tr.borrowerName}`}>
              {t('desk.transfer.reject')}
            </Button>
          </Group>
        ),
      },
    ],
    [base, decide, t],
  );
  return <DataTable labelledBy="transfers-title" rows={rows} columns={columns} rowKey={(tr) => tr.id} rowProps={() => ({ 'data-testid': 'transfer-request' })} />;
}

/** Requests this library sent that wait for the other library: they can be withdrawn. */
export function OutgoingTransfers({ rows, withdraw }: { rows: TransferRequest[]; withdraw: (tr: TransferRequest) => void }) {
  const { t } = useTranslation();
  const base = useTransferColumns('outgoing');
  const columns = useMemo<Column<TransferRequest>[]>(
    () => [
      ...base,
      {
        key: 'withdraw',
        header: '',
        render: (tr) => (
          <Group justify="flex-end" wrap="nowrap">
            <Button size="xs" variant="default" onClick={() => withdraw(tr)} aria-label={`${t('desk.transfer.withdraw')}: ${tr.borrowerName}`}>
              {t('desk.transfer.withdraw')}
            </Button>
          </Group>
        ),
      },
    ],
    [base, withdraw, t],
  );
  return <DataTable labelledBy="outgoing-title" rows={rows} columns={columns} rowKey={(tr) => tr.id} rowProps={() => ({ 'data-testid': 'outgoing-transfer' })} />;
}
