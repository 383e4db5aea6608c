import { Button, Group, JsonInput, NativeSelect, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayDo } from '../../shared/admin/roles';
import { api } from '../api';
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
  // From the list (GET /admin/access-policies): a scope without a policy of its own is simply not in it.
  const policies = useLoad<{ policies: PolicyRow[] }>('/admin/access-policies');
  const stored = policies.data?.policies.find((p) => p.scope_id === current);
  const [shown, setShown] = useState<{ scope: string; version: number | undefined }>();
  if (policies.data && (shown?.scope !== current || shown.version !== stored?.version)) {
    if (shown?.scope !== current) setDone(undefined);
    setShown({ scope: current, version: stored?.version });
    setText(stored ? JSON.stringify(stored.policy, null, 2) : '');
  }
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
        policies.reload();
      },
      (e: unknown) => setFailed(errorText(e)),
    );
  };
  return (
    <Stack>
      <Failure text={places.error ?? policies.error ?? failed} />
      <Done text={done ?? (policies.data && !stored ? t('admin.policies.none') : undefined)} />
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
