import { Button, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayDo } from '../../shared/admin/roles';
import { api } from '../api';
import type { TerminalRow } from '../types';
import { useErrorText, useLoad } from '../useApi';
import { DataTable, Done, Failure, useTime, type PageProps } from './common';

export function TerminalsPage({ session }: PageProps) {
  const { t } = useTranslation();
  const time = useTime();
  const errorText = useErrorText();
  const { data, error, reload } = useLoad<{ terminals: TerminalRow[] }>('/admin/terminals');
  const [done, setDone] = useState<string>();
  const [failed, setFailed] = useState<string>();
  const revoke = (terminal: TerminalRow) =>
    api('POST', `/admin/terminals/${terminal.id}/revoke`).then(
      () => {
        setDone(t('admin.terminals.revoked', { name: terminal.name }));
        reload();
      },
      (e: unknown) => setFailed(errorText(e)),
    );
  const canRevoke = mayDo(session.role, 'terminals.revoke');
  return (
    <>
      <Failure text={error ?? failed} />
      <Done text={done} />
      <DataTable
        caption={t('admin.terminals.title')}
        head={[t('admin.col.name'), t('admin.col.mode'), t('admin.col.library'), t('admin.col.branch'), t('admin.col.enrolled'), t('admin.col.lastSeen'), t('admin.col.status'), t('admin.col.actions')]}
        rows={(data?.terminals ?? []).map((row) => [
          row.name,
          t(`admin.mode.${row.mode}`),
          row.libraryId ?? '',
          row.branchId ?? '',
          time(row.enrolledAt),
          row.lastSeenAt ? time(row.lastSeenAt) : t('admin.never'),
          row.revokedAt ? t('admin.status.revoked') : t('admin.status.active'),
          canRevoke && !row.revokedAt ? (
            <Button size="xs" color="red" onClick={() => void revoke(row)}>
              {t('admin.terminals.revoke', { name: row.name })}
            </Button>
          ) : null,
        ])}
      />
      {/* COORDINATOR: wire GET /admin/terminals/health (branch wt-reglive) here at merge: per terminal version,
          readers and relays with status, door alarms (wt-door), last sync, pending outbox, silent-too-long flag. */}
      <section aria-labelledby="terminal-health" data-pending="terminal-health">
        <Title order={2} size="h3" id="terminal-health">
          {t('admin.terminals.health')}
        </Title>
        <Text>{t('admin.terminals.healthPending')}</Text>
      </section>
    </>
  );
}
