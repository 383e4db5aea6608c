import { Checkbox, Group, NativeSelect, PasswordInput, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { mayDo, type StaffRole } from '../../shared/admin/roles';
import { api } from '../api';
import type { LibraryRow, StaffRow } from '../types';
import { useErrorText, useLoad } from '../useApi';
import { DataTable, Done, Failure, FormSection, type PageProps } from './common';

const roles: readonly StaffRole[] = ['registrar', 'technician', 'admin', 'central'];

export function StaffPage({ session }: PageProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const staff = useLoad<{ staff: StaffRow[] }>('/admin/staff');
  const places = useLoad<{ libraries: LibraryRow[] }>('/admin/libraries');
  const [form, setForm] = useState({ id: '', libraryId: '', email: '', name: '', role: 'registrar' as StaffRole, password: '', active: true });
  const [done, setDone] = useState<string>();
  const [failed, setFailed] = useState<string>();
  const libraries = places.data?.libraries ?? [];
  const libraryId = form.libraryId || libraries[0]?.id || '';
  const grantable = session.role === 'central' ? roles : roles.filter((r) => r !== 'central');
  const save = (event: FormEvent) => {
    event.preventDefault();
    const { id, password, ...rest } = form;
    api('PUT', `/admin/staff/${encodeURIComponent(id)}`, { ...rest, libraryId, ...(password ? { password } : {}) }).then(
      () => {
        setDone(t('admin.staff.saved'));
        setFailed(undefined);
        setForm((f) => ({ ...f, password: '' }));
        staff.reload();
      },
      (e: unknown) => setFailed(errorText(e)),
    );
  };
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };
  return (
    <>
      <Failure text={staff.error ?? places.error ?? failed} />
      <Done text={done} />
      <DataTable
        caption={t('admin.staff.title')}
        head={[t('admin.col.name'), t('admin.col.email'), t('admin.col.role'), t('admin.col.library'), t('admin.col.status')]}
        rows={(staff.data?.staff ?? []).map((s) => [s.name, s.email, t(`admin.role.${s.role as StaffRole}`), s.libraryId, s.active ? t('admin.status.active') : t('admin.status.inactive')])}
      />
      {mayDo(session.role, 'staff.write') && (
        <FormSection id="staff-form" title={t('admin.staff.add')} submit={t('admin.staff.save')} onSubmit={save}>
          <Group grow>
            <TextInput label={t('admin.staff.id')} required value={form.id} onChange={set('id')} />
            <TextInput label={t('admin.col.name')} required value={form.name} onChange={set('name')} />
            <TextInput label={t('admin.col.email')} type="email" required value={form.email} onChange={set('email')} />
          </Group>
          <Group grow>
            <NativeSelect label={t('admin.col.library')} value={libraryId} data={libraries.map((l) => ({ value: l.id, label: l.name }))} onChange={set('libraryId')} />
            <NativeSelect label={t('admin.col.role')} value={form.role} data={grantable.map((r) => ({ value: r, label: t(`admin.role.${r}`) }))} onChange={set('role')} />
            <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('admin.signIn.showPassword') }} label={t('admin.staff.password')} autoComplete="new-password" value={form.password} onChange={set('password')} />
          </Group>
          <Checkbox label={t('admin.staff.active')} checked={form.active} onChange={(e) => setForm((f) => ({ ...f, active: e.currentTarget.checked }))} />
        </FormSection>
      )}
    </>
  );
}
