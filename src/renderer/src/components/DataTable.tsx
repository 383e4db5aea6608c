import { Group, Pagination, Table, Text, UnstyledButton } from '@mantine/core';
import { useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Makes the column sortable by this value. */
  sortValue?: (row: T) => string | number;
  /** Numbers and dates align right. */
  numeric?: boolean;
}

interface DataTableProps<T> {
  /** The id of the heading that names the table. */
  labelledBy: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** Extra attributes for a row (data-testid, a class for overdue). */
  rowProps?: (row: T) => Record<string, string | undefined>;
  pageSize?: number;
}

type Sort = { key: string; direction: 'ascending' | 'descending' } | undefined;

const focusableInRow = 'button, a[href], input, select, [tabindex="0"]';

/**
 * A table of records: columns sort by their header, long lists page, and the arrow keys move between rows
 * (to the row's first control, or the row itself), so staff can work it from the keyboard.
 */
export function DataTable<T>({ labelledBy, rows, columns, rowKey, rowProps, pageSize = 25 }: DataTableProps<T>) {
  const { t, i18n } = useTranslation();
  const [sort, setSort] = useState<Sort>();
  const [page, setPage] = useState(1);
  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.key === sort.key);
    if (!sort || !column?.sortValue) return rows;
    const value = column.sortValue;
    const collator = new Intl.Collator(i18n.language, { numeric: true });
    const factor = sort.direction === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      return factor * (typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y)));
    });
  }, [rows, columns, sort, i18n.language]);
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const current = Math.min(page, pages);
  const shown = sorted.slice((current - 1) * pageSize, current * pageSize);

  const toggle = (key: string) =>
    setSort((s) => (s?.key === key ? { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: 'ascending' }));

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
            {t('ui.table.range', { from: (current - 1) * pageSize + 1, to: (current - 1) * pageSize + shown.length, total: sorted.length })}
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
