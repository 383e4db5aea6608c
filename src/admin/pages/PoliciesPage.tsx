import { Button, Group, JsonInput, NativeSelect, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayDo } from '../../shared/admin/roles';
import { api, ApiError } from '../api';
import type { BranchRow, LibraryRow, PolicyRow } from '../types';
import { useErrorText, useLoad } from '../useApi';
import { Done, Failure, type PageProps } from './common';

/** A branch's (or a whole library's) door policy as JSON, through GET/PUT /admin/access-policies/:branchId. */
export function PoliciesPage({ session }: PageProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const places = useLoad<{ libraries: LibraryRow[]; branches: BranchRow[] }>('/admin/libraries');
  const scopes = [...(places.data?.libraries ?? []).map((l) => ({ value: l.id, label: l.name })), ...(places.data?.branches ?? []).map((b) => ({ value: b.id, label: b.name }))];
  const [scope, setScope] = useState('');
  const current = scope || scopes[0]?.value || '';
  const [text, setText] = useState('');
  const [done, setDone] = useState<string>();
  const [failed, setFailed] = useState<string>();
  useEffect(() => {
    if (!current) return;
    api<PolicyRow>('GET', `/admin/access-policies/${encodeURIComponent(current)}`).then(
      (row) => {
        setText(JSON.stringify(row.policy, null, 2));
        setDone(undefined);
      },
      (e: unknown) => {
        setText('');
        if (e instanceof ApiError && e.status === 404) setDone(t('admin.policies.none'));
        else setFailed(errorText(e));
      },
    );
  }, [current, t, errorText]);
  const save = () => {
    let policy: unknown;
    try {
      policy = JSON.parse(text);
    } catch {
      setFailed(t('admin.policies.badJson'));
      return;
    }
    api<PolicyRow>('PUT', `/admin/access-policies/${encodeURIComponent(current)}`, policy).then(
      (row) => {
        setFailed(undefined);
        setDone(t('admin.policies.saved', { version: row.version }));
      },
      (e: unknown) => setFailed(errorText(e)),
    );
  };
  return (
    <Stack>
      <Failure text={places.error ?? failed} />
      <Done text={done} />
      <NativeSelect label={t('admin.policies.scope')} value={current} data={scopes} onChange={(e) => setScope(e.currentTarget.value)} />
      <JsonInput label={t('admin.policies.policy')} autosize minRows={8} value={text} onChange={setText} readOnly={!mayDo(session.role, 'policies.write')} />
      {mayDo(session.role, 'policies.write') && (
        <Group>
          <Button onClick={save} disabled={!current}>
            {t('admin.policies.save')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
