import { Anchor, Button, Group, Paper, SegmentedControl, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { registerTypes, type RegisterType } from '../../../../shared/desk/registration';
import type { BorrowerList, BorrowerListQuery, BorrowerSummary } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { DataTable, type Column, type Sort } from '../../components/DataTable';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TaskProgress } from '../../components/TaskProgress';
import { useDownload } from '../../components/use-download';
import { formatDate, localeOf } from '../../format';
import { useDeskStore } from '../../stores/desk';

const pageSize = 25;
type SortKey = BorrowerListQuery['sort'];
const sortKeys: readonly SortKey[] = ['name', 'identity', 'validUntil', 'createdAt'];
const isSortKey = (key: string): key is SortKey => (sortKeys as readonly string[]).includes(key);

/** MTM "Visa vuxna låntagare", "… under 18 år", "… med LMA-kort": the borrowers of one register type, a page at a time from main. */
export function ListsView() {
  const { t, i18n } = useTranslation();
  const show = useDeskStore((s) => s.show);
  const [registerType, setRegisterType] = useState<RegisterType>('adult');
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<Sort>({ key: 'name', direction: 'ascending' });
  const [list, setList] = useState<BorrowerList>();
  const [error, setError] = useState<AppError>();
  const sortKey: SortKey = sort && isSortKey(sort.key) ? sort.key : 'name';
  const direction = sort?.direction ?? 'ascending';
  const { running, download, notice, error: exportError, link, start } = useListExport();

  useEffect(() => {
    let current = true;
    const query = { registerType, page, pageSize, sort: sortKey, direction } as const;
    void bridge.invoke('desk.listBorrowers', query).then((result) => {
      if (!current) return;
      if (result.ok) {
        setList(result.value);
        setError(undefined);
      } else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [registerType, page, sortKey, direction]);

  const columns = useMemo<Column<BorrowerSummary>[]>(
    () => [
      {
        key: 'name',
        header: t('desk.transfer.borrower'),
        sortValue: (b) => b.lastName ?? '',
        render: (b) => (
          <Anchor component="button" type="button" fw={600} onClick={() => show({ name: 'borrower', id: b.id })}>
            {b.protected ? t('desk.search.protectedMarker') : `${b.lastName ?? ''}, ${b.firstName ?? ''}`}
          </Anchor>
        ),
      },
      { key: 'identity', header: t('desk.borrower.identity'), sortValue: (b) => b.identityDisplay, render: (b) => b.identityDisplay },
      { key: 'library', header: t('desk.borrower.library'), render: (b) => b.libraryName ?? '' },
      { key: 'validUntil', header: t('desk.field.validUntil'), sortValue: (b) => b.validUntil ?? '', render: (b) => (b.validUntil ? formatDate(b.validUntil, i18n.language) : '') },
    ],
    [t, i18n.language, show],
  );

  return (
    <section aria-labelledby="lists-title">
      <Title order={2} id="lists-title" mb="sm">
        {t('desk.nav.lists')}
      </Title>
      <Paper withBorder p="md" mb="md">
        <Text id="lists-type-label" size="sm" fw={500} display="block" mb={4}>
          {t('desk.lists.type')}
        </Text>
        <SegmentedControl
          aria-labelledby="lists-type-label"
          value={registerType}
          onChange={(value) => {
            setRegisterType(value);
            setPage(1);
          }}
          data={registerTypes.map((type) => ({ value: type, label: t(`desk.type.${type}`) }))}
        />
        <Group mt="sm" gap="sm">
          <Button variant="default" loading={running} onClick={() => start({ registerType, sort: sortKey, direction })}>
            {t('export.borrowerList.button')}
          </Button>
          {download && (
            <Anchor ref={link} href={download.url} download={download.fileName} data-testid="list-export-download">
              {download.fileName}
            </Anchor>
          )}
        </Group>
        <TaskProgress tasks={['export.borrowerList']} />
        {notice && (
          <Text role="status" size="sm" data-testid="list-export-done">
            {notice}
          </Text>
        )}
        <ErrorMessage error={exportError} />
      </Paper>
      <ErrorMessage error={error} />
      {list && (
        <Text role="status" aria-live="polite" size="sm" c="gray.7" mb="xs" data-testid="list-total">
          {t('desk.lists.count', { count: list.total })}
        </Text>
      )}
      {list && list.rows.length > 0 && (
        <DataTable
          labelledBy="lists-title"
          rows={list.rows}
          columns={columns}
          rowKey={(b) => b.id}
          rowProps={() => ({ 'data-testid': 'list-row' })}
          pageSize={pageSize}
          remote={{
            total: list.total,
            page: list.page,
            sort,
            onChange: (nextPage, nextSort) => {
              setPage(nextPage);
              setSort(nextSort);
            },
          }}
        />
      )}
    </section>
  );
}

/**
 * The list's CSV export: main builds it in chunks and reports its progress (TaskProgress shows it, with a stop
 * button); the finished file downloads at once and its link stays for a second try.
 */
function useListExport() {
  const { t, i18n } = useTranslation();
  const [running, setRunning] = useState(false);
  const { download, link, offer } = useDownload();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<AppError>();

  const start = (query: { registerType: RegisterType; sort: SortKey; direction: 'ascending' | 'descending' }) => {
    setRunning(true);
    setNotice(undefined);
    setError(undefined);
    void bridge.invoke('export.borrowerList', query).then((result) => {
      setRunning(false);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      offer(result.value.text, 'text/csv', result.value.fileName);
      const { rows } = result.value;
      setNotice(t('export.borrowerList.done', { count: rows, rows: new Intl.NumberFormat(localeOf(i18n.language)).format(rows) }));
    });
  };
  return { running, download, notice, error, link, start };
}
