import { Badge, Button, Group, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { BorrowerPage, BorrowerStatus, CirculationOutcome, Language } from '../../../../shared/ipc/contract';
import type { AppError, Result } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { DataTable, type Column, type DataTableProps } from '../../components/DataTable';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FormHeading } from '../../components/FormHeading';
import { formatDate, formatDateTime, formatMoney } from '../../format';
import { ItemScanForm } from './ItemScanForm';
import { toast } from './notices';

type Loan = BorrowerPage['loans'][number];
type Fee = BorrowerPage['fees'][number];

/** Dark shades (or black text on yellow, autoContrast) so that the small badge text keeps a 4.5:1 contrast. */
const statusColours: Record<BorrowerStatus, string> = {
  valid: 'green',
  'expires-soon': 'yellow.4',
  expired: 'red.9',
  blocked: 'red.9',
  restricted: 'grape.9',
  'locked-out': 'violet.9',
};

/** The status badges (words, not only colours), most serious first. */
export function StatusBadges({ statuses }: { statuses: readonly BorrowerStatus[] }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" data-testid="borrower-status" aria-label={t('desk.status.label')} role="group">
      {statuses.map((s) => (
        <Badge key={s} color={statusColours[s]} variant={s === 'valid' ? 'light' : 'filled'} autoContrast data-status={s}>
          {t(`desk.status.${s}`)}
        </Badge>
      ))}
    </Group>
  );
}

/** The masked identity number; the whole number only on a deliberate click (audited in main). */
export function IdentityReveal({ page }: { page: BorrowerPage }) {
  const { t } = useTranslation();
  const [revealed, setRevealed] = useState<string>();
  const [error, setError] = useState<AppError>();
  const reveal = async () => {
    const result = await bridge.invoke('desk.revealIdentity', { id: page.id });
    if (result.ok) setRevealed(result.value.identityNumber);
    else setError(result.error);
  };
  return (
    <Group gap="xs" wrap="wrap">
      <span data-testid="borrower-identity" className="identity-number">
        {revealed ?? page.identityMasked}
      </span>
      <Button variant="subtle" size="compact-xs" onClick={() => (revealed ? setRevealed(undefined) : void reveal())}>
        {revealed ? t('desk.identity.hide') : t('desk.identity.reveal')}
      </Button>
      <ErrorMessage error={error} />
    </Group>
  );
}

/** Branch, groups and guardian: the facts the header does not already show. */
export function GlanceFacts({ page }: { page: BorrowerPage }) {
  const { t } = useTranslation();
  return (
    <>
      <div>
        <dt>{t('desk.borrower.branch')}</dt>
        <dd data-testid="borrower-branch">{page.branchName ?? '—'}</dd>
      </div>
      <div>
        <dt>{t('desk.borrower.groups')}</dt>
        <dd>{page.groups.length > 0 ? page.groups.map((g) => g.name).join(', ') : t('desk.borrower.noGroups')}</dd>
      </div>
      {page.guardian && (
        <div>
          <dt>{t('desk.borrower.guardian')}</dt>
          <dd>{page.guardian.name}</dd>
        </div>
      )}
    </>
  );
}

/** The title and barcode columns that loans and holds share. */
function itemColumns<T extends { title: string; itemId: string }>(t: TFunction): Column<T>[] {
  return [
    { key: 'title', header: t('desk.circ.col.title'), render: (r) => r.title, sortValue: (r) => r.title },
    { key: 'barcode', header: t('desk.circ.col.barcode'), render: (r) => r.itemId },
  ];
}

/** A tab's heading (the table's name, hidden where the tab already says it), then its table or a line saying it is empty. */
function TitledTable<T>({ id, title, hiddenTitle, empty, ...table }: { id: string; title: string; hiddenTitle?: boolean; empty: string } & Omit<DataTableProps<T>, 'labelledBy'>) {
  return (
    <>
      <Title order={4} size="h5" id={id} className={hiddenTitle ? 'visually-hidden' : undefined}>
        {title}
      </Title>
      {table.rows.length === 0 ? <Text size="sm">{empty}</Text> : <DataTable<T> labelledBy={id} {...table} />}
    </>
  );
}

/** Loans (with check-out and renewal), holds ready, fees and cards, each a tab with a table. */
export function CirculationTabs({ page, onChanged }: { page: BorrowerPage; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const [renewal, setRenewal] = useState<CirculationOutcome>();
  const [error, setError] = useState<AppError>();
  const language = i18n.language as Language;
  const afterCall = (result: Result<CirculationOutcome>) => {
    if (result.ok) {
      setRenewal(result.value);
      setError(undefined);
      onChanged();
    } else setError(result.error);
  };
  const renew = async (itemId: string) => afterCall(await bridge.invoke('desk.renew', { borrowerId: page.id, itemId, language }));
  const openFees = page.fees.filter((f) => f.settledAt === null);
  const openTotal = openFees.reduce((sum, f) => sum + f.amountCents, 0);
  return (
    <Tabs defaultValue="loans" keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="loans">{t('desk.circ.tab.loans', { count: page.loans.length })}</Tabs.Tab>
        <Tabs.Tab value="holds">{t('desk.circ.tab.holds', { count: page.holdsReady.length })}</Tabs.Tab>
        <Tabs.Tab value="fees">{t('desk.circ.tab.fees', { count: page.fees.length })}</Tabs.Tab>
        <Tabs.Tab value="cards">{t('desk.circ.tab.cards', { count: page.cards.length })}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="loans" pt="sm">
        <Stack gap="sm">
          <ItemScanForm
            label={t('desk.circ.itemBarcode')}
            submitLabel={t('desk.circ.checkout')}
            testId="checkout"
            run={(itemId, lang) => bridge.invoke('desk.checkout', { borrowerId: page.id, itemId, language: lang })}
            onDone={onChanged}
          />
          <TitledTable<Loan>
            id="loans-title"
            title={t('desk.circ.tab.loans', { count: page.loans.length })}
            empty={t('desk.circ.noLoans')}
            rows={page.loans}
            rowKey={(l) => l.itemId}
            rowProps={(l) => ({ 'data-testid': `loan-${l.itemId}`, className: l.overdue ? 'overdue' : undefined })}
            columns={[
              ...itemColumns<Loan>(t),
              {
                key: 'due',
                header: t('desk.circ.col.due'),
                sortValue: (l) => l.dueDate,
                render: (l) => (
                  <Group gap={6} wrap="nowrap">
                    <span data-testid="loan-due">{formatDate(l.dueDate, language)}</span>
                    {l.overdue && (
                      <Badge color="red" size="sm">
                        {t('desk.circ.overdue')}
                      </Badge>
                    )}
                  </Group>
                ),
              },
              { key: 'renewals', header: t('desk.circ.col.renewals'), render: (l) => l.renewals, numeric: true },
              {
                key: 'renew',
                header: t('desk.circ.renew'),
                render: (l) => (
                  <Button size="compact-sm" variant="default" aria-label={t('desk.circ.renewItem', { title: l.title })} onClick={() => void renew(l.itemId)}>
                    {t('desk.circ.renew')}
                  </Button>
                ),
              },
            ]}
          />
          <div role="status" data-testid="renew-outcome" className={renewal && !renewal.ok ? 'warning' : undefined}>
            {renewal?.message}
          </div>
          <ErrorMessage error={error} />
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="holds" pt="sm">
        <TitledTable
          id="holds-title"
          title={t('desk.circ.tab.holds', { count: page.holdsReady.length })}
          hiddenTitle
          empty={t('desk.circ.noHolds')}
          rows={page.holdsReady}
          rowKey={(h) => h.itemId}
          columns={itemColumns(t)}
        />
      </Tabs.Panel>
      <Tabs.Panel value="fees" pt="sm">
        <TitledTable<Fee>
          id="fees-title"
          title={t('desk.circ.feesOpenTotal', { amount: formatMoney(openTotal, openFees[0]?.currency ?? page.currency, language) })}
          empty={t('desk.circ.noFees')}
          rows={page.fees}
          rowKey={(f) => f.id}
          columns={[
            { key: 'date', header: t('desk.circ.col.date'), render: (f) => formatDate(f.createdAt, language), sortValue: (f) => f.createdAt },
            { key: 'reason', header: t('desk.circ.col.reason'), render: (f) => f.reason },
            { key: 'amount', header: t('desk.circ.col.amount'), render: (f) => formatMoney(f.amountCents, f.currency, language), sortValue: (f) => f.amountCents, numeric: true },
            {
              key: 'state',
              header: t('desk.circ.col.state'),
              render: (f) => (f.settledAt ? t('desk.circ.feeSettled', { date: formatDate(f.settledAt, language) }) : t('desk.circ.feeOpen')),
            },
          ]}
        />
      </Tabs.Panel>
      <Tabs.Panel value="cards" pt="sm">
        <TitledTable
          id="cards-list-title"
          title={t('desk.circ.tab.cards', { count: page.cards.length })}
          hiddenTitle
          empty={t('desk.circ.noCards')}
          rows={page.cards}
          rowKey={(c) => c}
          columns={[{ key: 'card', header: t('desk.circ.col.card'), render: (c) => c }]}
        />
      </Tabs.Panel>
    </Tabs>
  );
}

/** Block or lift a block (a reason is required either way), and lift a kiosk/door PIN lockout. */
/** `readOnly`: another library's borrower; the block and lockout are shown, only that library lifts or sets them. */
export function BlockAndLockout({ page, onPage, readOnly = false }: { page: BorrowerPage; onPage: (page: BorrowerPage) => void; readOnly?: boolean }) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError>();
  const done = (result: Result<BorrowerPage>, message: string) => {
    if (result.ok) {
      onPage(result.value);
      setReason('');
      setError(undefined);
      toast(message);
    } else setError(result.error);
  };
  const blocked = page.block !== null;
  const submit = async () =>
    blocked
      ? done(await bridge.invoke('desk.unblock', { id: page.id, reason }), t('desk.block.lifted'))
      : done(await bridge.invoke('desk.block', { id: page.id, reason }), t('desk.block.done'));
  const reasonError = error?.issues?.find((i) => i.path === 'reason')?.message;
  if (readOnly && !page.block && !page.lockedUntil) return null;
  return (
    <Stack gap="sm">
      <FormHeading id="block-title" title={t('desk.block.title')} mb={0} />
      {page.block && (
        <Text size="sm" className="warning" data-testid="block-reason">
          {t('desk.block.blockedBy', { date: formatDateTime(page.block.blockedAt, i18n.language), name: page.block.blockedBy ?? '—', reason: page.block.reason })}
        </Text>
      )}
      {!readOnly && (
        <form
          aria-labelledby="block-title"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack gap="xs">
            <Textarea label={t('desk.block.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={reasonError} maxLength={500} autosize minRows={2} />
            <Group>
              <Button type="submit" variant="default">
                {blocked ? t('desk.block.unblock') : t('desk.block.block')}
              </Button>
            </Group>
            {!reasonError && <ErrorMessage error={error} />}
          </Stack>
        </form>
      )}
      {page.lockedUntil && (
        <Group>
          <Text size="sm" className="warning">
            {t('desk.lockout.lockedUntil', { time: formatDateTime(page.lockedUntil, i18n.language) })}
          </Text>
          {!readOnly && (
            <Button variant="default" onClick={() => void bridge.invoke('desk.unlockPin', { id: page.id }).then((r) => done(r, t('desk.lockout.unlocked')))}>
              {t('desk.lockout.unlock')}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
