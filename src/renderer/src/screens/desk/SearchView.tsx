import { Anchor, Badge, Paper, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BorrowerSummary } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDate } from '../../format';
import { useDeskStore } from '../../stores/desk';

const nameOf = (b: BorrowerSummary) => (b.protected ? (b.email ?? b.identityDisplay) : `${b.lastName ?? ''}, ${b.firstName ?? ''}`);

/** Search as you type (name, identity number, card, e-mail); only the newest answer is shown. */
export function SearchView() {
  const { t, i18n } = useTranslation();
  const show = useDeskStore((s) => s.show);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<BorrowerSummary[] | undefined>();
  const [error, setError] = useState<AppError>();

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      void bridge.invoke('desk.search', { query, limit: 50 }).then((result) => {
        if (!current) return;
        if (result.ok) {
          setResults(result.value);
          setError(undefined);
        } else setError(result.error);
      });
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  const columns = useMemo<Column<BorrowerSummary>[]>(
    () => [
      {
        key: 'name',
        header: t('desk.field.lastName') + ', ' + t('desk.field.firstName').toLowerCase(),
        sortValue: (b) => (b.restricted ? '' : nameOf(b)),
        render: (b) =>
          b.restricted ? (
            // A protected identity: library staff learn only that it exists (the desk service sends nothing more).
            <Text span c="orange.9" fw={600} className="warning">
              {t('desk.search.protectedMarker')}
            </Text>
          ) : (
            <Anchor component="button" type="button" fw={600} onClick={() => show({ name: 'borrower', id: b.id })}>
              {nameOf(b)}
            </Anchor>
          ),
      },
      { key: 'identity', header: t('desk.borrower.identity'), sortValue: (b) => b.identityDisplay, render: (b) => (b.restricted ? '' : b.identityDisplay) },
      { key: 'email', header: t('desk.field.email'), sortValue: (b) => b.email ?? '', render: (b) => (b.restricted ? '' : (b.email ?? t('desk.borrower.noEmail'))) },
      { key: 'library', header: t('desk.borrower.library'), sortValue: (b) => b.libraryName ?? '', render: (b) => b.libraryName ?? '' },
      {
        key: 'valid',
        header: t('desk.field.validUntil'),
        sortValue: (b) => b.validUntil ?? '',
        render: (b) =>
          b.restricted || !b.validUntil ? (
            ''
          ) : (
            <>
              {formatDate(b.validUntil, i18n.language)}{' '}
              {b.expired && (
                <Badge color="red" variant="light" size="sm">
                  {t('ui.badge.expired')}
                </Badge>
              )}
            </>
          ),
      },
    ],
    [t, i18n.language, show],
  );

  return (
    <section aria-labelledby="search-title">
      <Title order={2} id="search-title" mb="sm">
        {t('desk.nav.search')}
      </Title>
      <Paper withBorder p="md" mb="md">
        <TextInput
          label={t('desk.search.label')}
          type="search"
          size="md"
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          autoComplete="off"
          autoFocus
        />
      </Paper>
      <ErrorMessage error={error} />
      {results && (
        <Text role="status" aria-live="polite" size="sm" c="gray.7" mb="xs">
          {results.length === 0 ? t('desk.search.none') : t('desk.search.count', { count: results.length })}
        </Text>
      )}
      {results && results.length > 0 && (
        <DataTable labelledBy="search-title" rows={results} columns={columns} rowKey={(b) => b.id} rowProps={() => ({ 'data-testid': 'search-result' })} />
      )}
    </section>
  );
}
