import { Group, NativeSelect, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { mayDo } from '../../shared/admin/roles';
import { api } from '../api';
import type { BranchRow, LibraryRow } from '../types';
import { useErrorText, useLoad } from '../useApi';
import { BrandingForm } from './BrandingForm';
import { DataTable, Done, Failure, FormSection, type PageProps } from './common';

/** Libraries and their branches; a library's admin (and central staff) add or rename branches (PUT /admin/branches/:id). */
export function LibrariesPage({ session }: PageProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { data, error, reload } = useLoad<{ libraries: LibraryRow[]; branches: BranchRow[] }>('/admin/libraries');
  const [form, setForm] = useState({ id: '', libraryId: '', name: '', municipality: '' });
  const [done, setDone] = useState<string>();
  const [failed, setFailed] = useState<string>();
  const libraries = data?.libraries ?? [];
  const libraryId = form.libraryId || libraries[0]?.id || '';
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    const { id, ...rest } = form;
    api('PUT', `/admin/branches/${encodeURIComponent(id)}`, { ...rest, libraryId }).then(
      () => {
        setDone(t('admin.libraries.saved'));
        setFailed(undefined);
        reload();
      },
      (e: unknown) => setFailed(errorText(e)),
    );
  };
  return (
    <>
      <Failure text={error ?? failed} />
      <Done text={done} />
      <DataTable
        caption={t('admin.libraries.libraries')}
        head={[t('admin.col.name'), t('admin.col.country'), t('admin.col.municipality')]}
        rows={libraries.map((l) => [l.name, l.country, l.municipality])}
      />
      <DataTable
        caption={t('admin.libraries.branches')}
        head={[t('admin.col.name'), t('admin.col.library'), t('admin.col.municipality')]}
        rows={(data?.branches ?? []).map((b) => [b.name, libraries.find((l) => l.id === b.libraryId)?.name ?? b.libraryId, b.municipality])}
      />
      {mayDo(session.role, 'branches.write') && (
        <FormSection id="branch-form" title={t('admin.libraries.addBranch')} submit={t('admin.libraries.saveBranch')} onSubmit={save}>
          <Group grow>
            <TextInput label={t('admin.libraries.branchId')} required value={form.id} onChange={set('id')} />
            <NativeSelect label={t('admin.col.library')} value={libraryId} data={libraries.map((l) => ({ value: l.id, label: l.name }))} onChange={set('libraryId')} />
          </Group>
          <Group grow>
            <TextInput label={t('admin.col.name')} required value={form.name} onChange={set('name')} />
            <TextInput label={t('admin.col.municipality')} value={form.municipality} onChange={set('municipality')} />
          </Group>
        </FormSection>
      )}
      {mayDo(session.role, 'branding.write') && libraries.length > 0 && <BrandingForm libraries={libraries} />}
    </>
  );
}
