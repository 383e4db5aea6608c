import { Anchor, Button, Group, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useErrorText } from '../useApi';
import { Done, Failure } from './common';

/**
 * Right of access across the register (GET /admin/subjects/:id/export): everything the register holds on one
 * borrower, from every library, as a data file to hand over. The register scopes it by role and audits it.
 */
export function AccessPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [id, setId] = useState('');
  const [file, setFile] = useState<{ url: string; name: string }>();
  const [failed, setFailed] = useState<string>();
  useEffect(() => () => {
    if (file) URL.revokeObjectURL(file.url);
  }, [file]);
  const exportAll = () =>
    api<unknown>('GET', `/admin/subjects/${encodeURIComponent(id.trim())}/export`).then(
      (data) => {
        setFailed(undefined);
        setFile({ url: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })), name: `register-${id.trim()}.json` });
      },
      (e: unknown) => {
        setFile(undefined);
        setFailed(errorText(e));
      },
    );
  return (
    <>
      <Failure text={failed} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void exportAll();
        }}
      >
        <Group align="flex-end" mb="md">
          <TextInput label={t('admin.access.borrowerId')} description={t('admin.access.explain')} value={id} onChange={(e) => setId(e.currentTarget.value)} required />
          <Button type="submit">{t('admin.access.export')}</Button>
        </Group>
      </form>
      {file && (
        <>
          <Done text={t('admin.access.ready')} />
          <Anchor href={file.url} download={file.name}>
            {t('admin.access.download')}
          </Anchor>
        </>
      )}
    </>
  );
}
