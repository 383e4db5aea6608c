import { Alert, Button, Group, Paper, Stack, Table, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminSession } from '../../shared/admin/roles';
import { formattingLocale } from '../../shared/locale';

export interface PageProps {
  session: AdminSession;
}

/** A time as the page's language writes it; '' for none. */
export function useTime(): (iso: string | null | undefined) => string {
  const { i18n } = useTranslation();
  return (iso) => (iso ? new Date(iso).toLocaleString(formattingLocale(i18n.language), { dateStyle: 'short', timeStyle: 'short' }) : '');
}

/** A line above a page's content, shown only while there is something to say. */
function Notice({ text, color, role }: { text: string | undefined; color: 'red' | 'green'; role: 'alert' | 'status' }) {
  return text ? (
    <Alert color={color} role={role} mb="md">
      {text}
    </Alert>
  ) : null;
}

export function Failure({ text }: { text: string | undefined }) {
  return <Notice text={text} color="red" role="alert" />;
}

export function Done({ text }: { text: string | undefined }) {
  return <Notice text={text} color="green" role="status" />;
}

/** A table with a caption (its accessible name) and header cells; `empty` when there are no rows. */
export function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  const { t } = useTranslation();
  return (
    <Table striped withTableBorder mb="lg" captionSide="top">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {head.map((h) => (
            <Table.Th key={h} scope="col">
              {h}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.length === 0 ? (
          <Table.Tr>
            <Table.Td colSpan={head.length}>{t('admin.empty')}</Table.Td>
          </Table.Tr>
        ) : (
          rows.map((cells, i) => (
            <Table.Tr key={i}>
              {cells.map((cell, j) => (
                <Table.Td key={j}>{cell}</Table.Td>
              ))}
            </Table.Tr>
          ))
        )}
      </Table.Tbody>
    </Table>
  );
}

/** A titled form in a bordered section (its heading names it), ending with its submit button. */
export function FormSection({ id, title, submit, onSubmit, children }: { id: string; title: string; submit: string; onSubmit: (event: FormEvent) => void; children: ReactNode }) {
  return (
    <Paper withBorder p="md" mb="lg" component="section" aria-labelledby={id}>
      <form onSubmit={onSubmit}>
        <Stack>
          <Title order={2} size="h3" id={id}>
            {title}
          </Title>
          {children}
          <Group>
            <Button type="submit">{submit}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
