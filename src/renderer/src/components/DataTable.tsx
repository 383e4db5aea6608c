import { Group, Pagination, Table, Text, UnstyledButton } from '@mantine/core';
import { useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { localeOf } from '../format';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Makes the column sortable by this value. */
  sortValue?: (row: T) => string | number;
  /** Numbers and dates align right. */
  numeric?: boolean;
}

export interface DataTableProps<T> {
  /** The id of the heading that names the table. */
  labelledBy: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** Extra attributes for a row (data-testid, a class for overdue). */
  rowProps?: (row: T) => Record<string, string | undefined>;
  pageSize?: number;
  /**
   * Paged and sorted by main (a list too long to send whole): `rows` is the current page, and sorting or paging
   * asks for another page through `onChange` instead of sorting here.
   */
  remote?: { total: number; page: number; sort: Sort; onChange: (page: number, sort: Sort) => void };
}

export type Sort = { key: string; direction: 'ascending' | 'descending' } | undefined;

const focusableInRow = 'button, a[href], input, select, [tabindex="0"]';

/**
 * A table of records: columns sort by their header, long lists page, and the arrow keys move between rows
 * (to the row's first control, or the row itself), so staff can work it from the keyboard.
 */
export function DataTable<T>({ labelledBy, rows, columns, rowKey, rowProps, pageSize = 25, remote }: DataTableProps<T>) {
  const { t, i18n } = useTranslation();
  const [localSort, setLocalSort] = useState<Sort>();
  const [localPage, setLocalPage] = useState(1);
  const sort = remote ? remote.sort : localSort;
  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.key === sort.key);
    if (remote || !sort || !column?.sortValue) return rows;
    const value = column.sortValue;
    const collator = new Intl.Collator(localeOf(i18n.language), { numeric: true });
    const factor = sort.direction === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      return factor * (typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y)));
    });
  }, [rows, columns, sort, i18n.language, remote]);
  const total = remote ? remote.total : sorted.length;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(remote ? remote.page : localPage, pages);
  const shown = remote ? sorted : sorted.slice((current - 1) * pageSize, current * pageSize);

  const toggled = (key: string, s: Sort): Sort =>
    s?.key === key ? { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: 'ascending' };
  const toggle = (key: string) => (remote ? remote.onChange(1, toggled(key, remote.sort)) : setLocalSort((s) => toggled(key, s)));
  const setPage = (page: number) => (remote ? remote.onChange(page, remote.sort) : setLocalPage(page));

  const moveBetweenRows = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const row = (event.target as HTMLElement).closest('tr');
    const next = event.key === 'ArrowDown' ? row?.nextElementSibling : row?.previousElementSibling;
    if (!(next instanceof HTMLElement)) return;
    event.preventDefault();
    (next.querySelector<HTMLElement>(focusableInRow) ?? next).focus();
  };

  return (
    <div className="data-table">
      <Table.ScrollContainer minWidth={480}>
        <Table aria-labelledby={labelledBy} striped stickyHeader>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.key} scope="col" aria-sort={sort?.key === c.key ? sort.direction : undefined} className={c.numeric ? 'numeric' : undefined}>
                  {c.sortValue ? (
                    <UnstyledButton className="sort-button" onClick={() => toggle(c.key)}>
                      {c.header}
                      <span aria-hidden className="sort-mark">
                        {sort?.key === c.key ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                      </span>
                    </UnstyledButton>
                  ) : (
                    c.header
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody onKeyDown={moveBetweenRows}>
            {shown.map((row) => (
              <Table.Tr key={rowKey(row)} tabIndex={-1} {...rowProps?.(row)}>
                {columns.map((c) => (
                  <Table.Td key={c.key} className={c.numeric ? 'numeric' : undefined}>
                    {c.render(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Group justify="space-between" mt="xs">
          <Text size="sm" c="gray.7">
            {t('ui.table.range', { from: (current - 1) * pageSize + 1, to: (current - 1) * pageSize + shown.length, total })}
          </Text>
          <nav aria-label={t('ui.table.pages')}>
            <Pagination
              size="sm"
              total={pages}
              value={current}
              onChange={setPage}
              getItemProps={(p) => ({ 'aria-label': t('ui.table.page', { page: p }), 'aria-current': p === current ? 'page' : undefined })}
              getControlProps={(control) =>
                control === 'previous' ? { 'aria-label': t('ui.table.previous') } : control === 'next' ? { 'aria-label': t('ui.table.next') } : {}
              }
            />
          </nav>
        </Group>
      )}
    </div>
  );
}
