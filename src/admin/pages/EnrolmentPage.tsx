import { Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { mayDo } from '../../shared/admin/roles';
import { api } from '../api';
import { terminalModes, type BranchRow, type EnrolmentCodeRow, type LibraryRow, type TerminalMode } from '../types';
import { useErrorText, useLoad } from '../useApi';
import { DataTable, Done, Failure, useTime, type PageProps } from './common';

export function EnrolmentPage({ session }: PageProps) {
  const { t } = useTranslation();
  const time = useTime();
  const errorText = useErrorText();
  const codes = useLoad<{ codes: EnrolmentCodeRow[] }>('/admin/enrolment-codes');
  const places = useLoad<{ libraries: LibraryRow[]; branches: BranchRow[] }>('/admin/libraries');
  const [libraryId, setLibraryId] = useState('');
  const [branchId, setBranchId] = useState('');
  const [mode, setMode] = useState<TerminalMode>('desk');
  const [note, setNote] = useState('');
  const [issued, setIssued] = useState<{ code: string; expiresAt: string }>();
  const [done, setDone] = useState<string>();
  const [failed, setFailed] = useState<string>();
  const libraries = places.data?.libraries ?? [];
  const library = libraries.find((l) => l.id === libraryId) ?? libraries[0];
  const sites = library ? [{ value: library.id, label: t('admin.enrolment.mainSite', { name: library.name }) }, ...(places.data?.branches ?? []).filter((b) => b.libraryId === library.id).map((b) => ({ value: b.id, label: b.name }))] : [];
  const site = sites.find((s) => s.value === branchId) ?? sites[0];

  const issue = (event: FormEvent) => {
    event.preventDefault();
    if (!library || !site) return;
    setDone(undefined);
    api<{ code: string; expiresAt: string }>('POST', '/admin/enrolment-codes', { libraryId: library.id, branchId: site.value, mode, ...(note ? { note } : {}) }).then(
      (result) => {
        setIssued(result);
        setFailed(undefined);
        setNote('');
        codes.reload();
      },
      (e: unknown) => setFailed(errorText(e)),
    );
  };
  const revoke = (code: EnrolmentCodeRow) =>
    api('POST', `/admin/enrolment-codes/${code.id}/revoke`).then(
      () => {
        setDone(t('admin.enrolment.revoked'));
        setIssued(undefined);
        codes.reload();
      },
      (e: unknown) => setFailed(errorText(e)),
    );
  const status = (c: EnrolmentCodeRow) =>
    c.revokedAt ? t('admin.status.revoked') : c.usedAt ? t('admin.status.used') : Date.parse(c.expiresAt) <= codes.loadedAt ? t('admin.status.expired') : t('admin.status.open');

  return (
    <>
      <Failure text={codes.error ?? places.error ?? failed} />
      <Done text={done} />
      {mayDo(session.role, 'enrolment.issue') && (
        <Paper withBorder p="md" mb="lg" component="section" aria-labelledby="issue-code">
          <form onSubmit={issue}>
            <Stack>
              <Title order={2} size="h3" id="issue-code">
                {t('admin.enrolment.issue')}
              </Title>
              <Group grow align="end">
                <NativeSelect label={t('admin.enrolment.library')} value={library?.id ?? ''} data={libraries.map((l) => ({ value: l.id, label: l.name }))} onChange={(e) => setLibraryId(e.currentTarget.value)} />
                <NativeSelect label={t('admin.enrolment.branch')} value={site?.value ?? ''} data={sites} onChange={(e) => setBranchId(e.currentTarget.value)} />
                <NativeSelect
                  label={t('admin.enrolment.mode')}
                  value={mode}
                  data={terminalModes.map((m) => ({ value: m, label: t(`admin.mode.${m}`) }))}
                  onChange={(e) => setMode(e.currentTarget.value as TerminalMode)}
                />
              </Group>
              <TextInput label={t('admin.enrolment.note')} maxLength={200} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
              <Group>
                <Button type="submit" disabled={!library}>
                  {t('admin.enrolment.issue')}
                </Button>
              </Group>
              {issued && (
                <div role="status">
                  <Text className="admin-code" data-testid="issued-code">
                    {t('admin.enrolment.issued', { code: issued.code })}
                  </Text>
                  <Text>{t('admin.enrolment.issuedFor', { expires: time(issued.expiresAt) })}</Text>
                </div>
              )}
            </Stack>
          </form>
        </Paper>
      )}
      <DataTable
        caption={t('admin.enrolment.title')}
        head={[t('admin.col.created'), t('admin.col.library'), t('admin.col.branch'), t('admin.col.mode'), t('admin.col.note'), t('admin.col.expires'), t('admin.col.status'), t('admin.col.actions')]}
        rows={(codes.data?.codes ?? []).map((c) => [
          time(c.createdAt),
          c.libraryId,
          c.branchId,
          t(`admin.mode.${c.mode}`),
          c.note,
          time(c.expiresAt),
          status(c),
          mayDo(session.role, 'enrolment.revoke') && status(c) === t('admin.status.open') ? (
            <Button size="xs" color="red" onClick={() => void revoke(c)}>
              {t('admin.enrolment.revoke', { note: c.note || time(c.createdAt) })}
            </Button>
          ) : null,
        ])}
      />
    </>
  );
}
