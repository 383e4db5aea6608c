import { Badge, Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayDo } from '../../shared/admin/roles';
import { api } from '../api';
import type { TerminalHealthRow } from '../../shared/sync/health';
import type { BranchRow, LibraryRow, TerminalRow } from '../types';
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
  // Libraries and branches by name (every role that sees terminals may read them); the id until they are loaded.
  const places = useLoad<{ libraries: LibraryRow[]; branches: BranchRow[] }>('/admin/libraries').data;
  const libraryName = (id: string | null) => (id ? (places?.libraries.find((l) => l.id === id)?.name ?? id) : '');
  const branchName = (id: string | null) => (id ? (places?.branches.find((b) => b.id === id)?.name ?? places?.libraries.find((l) => l.id === id)?.name ?? id) : '');
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
          libraryName(row.libraryId),
          branchName(row.branchId),
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
      <HealthTable />
    </>
  );
}

/** The latest health report of each terminal (GET /admin/terminals/health), silent ones flagged. */
function HealthTable() {
  const { t } = useTranslation();
  const time = useTime();
  const { data, error } = useLoad<{ silentAfterMinutes: number; terminals: TerminalHealthRow[] }>('/admin/terminals/health');
  const connected = (devices: readonly { status: string }[]) => devices.filter((d) => d.status === 'connected').length;
  return (
    <>
      <Failure text={error} />
      <DataTable
        caption={t('admin.health.title', { minutes: data?.silentAfterMinutes ?? 15 })}
        head={[t('admin.col.name'), t('admin.health.version'), t('admin.health.readers'), t('admin.health.relays'), t('admin.health.alarms'), t('admin.health.lastSync'), t('admin.health.outbox'), t('admin.col.status')]}
        rows={(data?.terminals ?? []).map((row) => {
          const report = row.report;
          return [
            row.name,
            report?.version ?? '',
            report ? t('admin.health.connectedOf', { connected: connected(report.readers), total: report.readers.length }) : '',
            report ? t('admin.health.connectedOf', { connected: connected(report.relays), total: report.relays.length }) : '',
            report && report.doorAlarms.length > 0 ? report.doorAlarms.map((alarm) => t(`hardware.alarm.${alarm}`)).join(', ') : '',
            report?.lastSyncAt ? time(report.lastSyncAt) : t('admin.never'),
            report ? t('admin.health.outboxCounts', { pending: report.pendingOutbox, quarantined: report.quarantined }) : '',
            row.silent ? (
              <Badge color="red" variant="filled">
                {t('admin.health.silent')}
              </Badge>
            ) : (
              <Badge color="green" variant="filled">
                {t('admin.health.reporting')}
              </Badge>
            ),
          ];
        })}
      />
    </>
  );
}
