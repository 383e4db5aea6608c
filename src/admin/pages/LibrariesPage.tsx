import { useTranslation } from 'react-i18next';
import type { BranchRow, LibraryRow } from '../types';
import { useLoad } from '../useApi';
import { DataTable, Failure } from './common';

export function LibrariesPage() {
  const { t } = useTranslation();
  const { data, error } = useLoad<{ libraries: LibraryRow[]; branches: BranchRow[] }>('/admin/libraries');
  return (
    <>
      <Failure text={error} />
      <DataTable
        caption={t('admin.libraries.libraries')}
        head={[t('admin.col.name'), t('admin.col.country'), t('admin.col.municipality')]}
        rows={(data?.libraries ?? []).map((l) => [l.name, l.country, l.municipality])}
      />
      <DataTable
        caption={t('admin.libraries.branches')}
        head={[t('admin.col.name'), t('admin.col.library'), t('admin.col.municipality')]}
        rows={(data?.branches ?? []).map((b) => [b.name, data?.libraries.find((l) => l.id === b.libraryId)?.name ?? b.libraryId, b.municipality])}
      />
    </>
  );
}
