import { Alert, Anchor, Badge, Button, Code, Group, Modal, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { BorrowerDetail, BorrowerPage, Language, Library, Response } from '../../../../shared/ipc/contract';
import { emailRequiredIn, isLmaType, isMinorType, registerTypes, type RegisterType } from '../../../../shared/desk/registration';
import { useFieldError as useFieldErrorText } from '../../components/FieldError';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { DateField } from '../../components/DateField';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/fields';
import { GuardianConsentForm } from '../../components/door/GuardianConsentForm';
import { OptInForm } from '../../components/door/OptInForm';
import { formatDate } from '../../format';
import { useDeskStore } from '../../stores/desk';
import { AltNumberField } from './AltNumberField';
import { applyServerErrors } from './apply-server-errors';
import { FormHeading } from '../../components/FormHeading';
import { BlockAndLockout, CirculationTabs, GlanceFacts, IdentityReveal, StatusBadges } from './BorrowerCirculation';
import { toast } from './notices';
import { GroupBranchFields } from './GroupBranchFields';
import { CirculationSource } from './CirculationSource';
import { RegisterExport } from './RegisterExport';
import { RestrictionForm } from './RestrictionForm';

const displayName = (b: BorrowerDetail) => (b.protected ? (b.email ?? b.identityDisplay) : `${b.firstName ?? ''} ${b.lastName ?? ''}`.trim());

export function BorrowerView({ id }: { id: string }) {
  const { t } = useTranslation();
  const [borrower, setBorrower] = useState<BorrowerDetail>();
  const [page, setPage] = useState<BorrowerPage>();
  const [error, setError] = useState<AppError>();
  // The circulation page (status, loans, fees, block) is read again after each loan, return or renewal.
  const [pageVersion, setPageVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void bridge.invoke('desk.get', { id }).then((result) => {
      if (!live) return;
      if (result.ok) setBorrower(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [id]);
  useEffect(() => {
    let live = true;
    void bridge.invoke('desk.borrowerPage', { id }).then((result) => {
      if (live && result.ok) setPage(result.value);
    });
    return () => {
      live = false;
    };
  }, [id, pageVersion]);

  if (error) return <ErrorMessage error={error} />;
  if (!borrower) return null;
  // What the register would refuse at sync is not offered (src/main/desk/access.ts `mayChange` sets it).
  const changeable = borrower.changeable !== false;
  return (
    <section aria-labelledby="borrower-title" className="borrower">
      <BorrowerHeader borrower={borrower} page={page} />
      {page && (
        <Paper component="section" aria-labelledby="circulation-title" withBorder p="md" mb="md" className="borrower-section">
          <Title order={3} id="circulation-title" size="h4" mb="sm">
            {t('desk.circ.title')}
          </Title>
          <CirculationSource page={page} />
          <CirculationTabs page={page} onChanged={() => setPageVersion((v) => v + 1)} />
        </Paper>
      )}
      <div className="borrower-sections">
        <Section title={t('ui.borrower.details')} id="details-title">
          {changeable ? (
            <EditForm borrower={borrower} onSaved={setBorrower} />
          ) : (
            // Another library's borrower: open to read (administrators, central staff), changed only by that library (the register's rule).
            <Text size="sm" data-testid="borrower-other-library">
              {t('desk.error.otherLibraryChange', { library: borrower.libraryName ?? '—' })}
            </Text>
          )}
        </Section>
        <Section title={t('ui.borrower.access')} id="access-title">
          {page && <BlockAndLockout page={page} onPage={setPage} readOnly={!changeable} />}
          <Cards borrower={borrower} onChanged={setBorrower} readOnly={!changeable} />
          {changeable && (
            <>
              <PasswordForm id={borrower.id} />
              <PinForm id={borrower.id} />
              {(borrower.registerType === 'minor' || borrower.registerType === 'minor-lma') && !borrower.protected && (
                <GuardianConsentForm borrower={borrower} onChanged={setBorrower} />
              )}
              <OptInForm borrower={borrower} onChanged={setBorrower} />
            </>
          )}
        </Section>
        <Section title={t('ui.borrower.privacy')} id="privacy-title">
          {changeable && !borrower.protected && !borrower.pendingTransferTo && <TransferForm borrower={borrower} onRequested={setBorrower} />}
          {changeable && <RestrictionForm borrower={borrower} onChanged={setBorrower} />}
          <ExportData id={borrower.id} />
          {borrower.registerExportable && <RegisterExport id={borrower.id} />}
          {changeable && <DeleteAccount id={borrower.id} name={displayName(borrower)} />}
        </Section>
      </div>
    </section>
  );
}

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Paper component="section" aria-labelledby={id} withBorder p="md" className="borrower-section">
      <Title order={3} id={id} size="h4" mb="sm">
        {title}
      </Title>
      <Stack gap="lg">{children}</Stack>
    </Paper>
  );
}

/** Who this is, at a glance: name, masked number, library, type and status badges that do not rely on colour alone. */
function BorrowerHeader({ borrower, page }: { borrower: BorrowerDetail; page: BorrowerPage | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder shadow="xs" p="md" mb="md" className="borrower-header">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} id="borrower-title">
            {t('desk.borrower.title')}: {displayName(borrower)}
          </Title>
          <Group gap="xs" mt={6}>
            {page ? (
              <StatusBadges statuses={page.statuses} />
            ) : borrower.expired ? (
              <Badge color="red">{t('ui.badge.expired')}</Badge>
            ) : (
              <Badge color="green" variant="light">
                {t('ui.badge.valid')}
              </Badge>
            )}
            {borrower.protected && (
              // Dark text on a light orange: white on orange failed the contrast check (axe) on central staff's page.
              <Badge color="orange.4" autoContrast>
                {t('ui.badge.protected')}
              </Badge>
            )}
            {borrower.processingRestricted && (
              <Badge color="grape.9" data-testid="badge-restricted">
                {t('ui.badge.restricted')}
              </Badge>
            )}
            {borrower.pendingTransferTo && (
              <Badge color="blue" variant="light">
                {t('ui.badge.transferPending')}
              </Badge>
            )}
            <Badge color="gray" variant="outline">
              {t(`desk.type.${borrower.registerType}`)}
            </Badge>
          </Group>
        </div>
        <dl className="header-facts">
          <div>
            <dt>{t('desk.borrower.identity')}</dt>
            <dd>{page ? <IdentityReveal page={page} /> : null}</dd>
          </div>
          <div>
            <dt>{t('desk.borrower.library')}</dt>
            <dd data-testid="borrower-library">{borrower.libraryName ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('desk.field.email')}</dt>
            <dd data-testid="borrower-email">{borrower.email ?? t('desk.borrower.noEmail')}</dd>
          </div>
          <div>
            <dt>{t('desk.field.validUntil')}</dt>
            <dd>{borrower.validUntil ? formatDate(borrower.validUntil, i18n.language) : t('desk.borrower.untilFurtherNotice')}</dd>
          </div>
          {borrower.altNumber && (
            <div>
              <dt>{t('desk.field.altNumber')}</dt>
              <dd data-testid="borrower-alt-number">{borrower.altNumber}</dd>
            </div>
          )}
          {borrower.address && (
            <div>
              <dt>{t('desk.field.street')}</dt>
              <dd>{borrower.address}</dd>
            </div>
          )}
          {page && <GlanceFacts page={page} />}
        </dl>
      </Group>
      {borrower.protected && (
        <Text size="sm" mt="xs" className="warning">
          {t('desk.borrower.protected')}
        </Text>
      )}
      {borrower.expired && (
        <Text size="sm" mt="xs" className="warning">
          {t('desk.borrower.expired')}
        </Text>
      )}
      {borrower.email === null && (
        <Text size="sm" mt="xs" data-testid="borrower-no-email">
          {t('desk.borrower.noEmailMail')}
        </Text>
      )}
      {borrower.pendingTransferTo && (
        <Text role="status" size="sm" mt="xs">
          {t('desk.transfer.pending', { library: borrower.pendingTransferTo })}
        </Text>
      )}
    </Paper>
  );
}

interface EditValues {
  firstName: string;
  lastName: string;
  email: string;
  validUntil: string;
  registerType: RegisterType;
  guardianName: string;
  guardianBirthDate: string;
  groups: string[];
  branchId: string;
  /** A new LMA card's number; empty keeps the current one. */
  lmaNumber: string;
  /** Danish libraries (issue 11): the address and the alternative number; '' removes one. */
  street: string;
  postcode: string;
  town: string;
  altNumber: string;
}

const editFields = ['firstName', 'lastName', 'email', 'validUntil', 'registerType', 'guardianName', 'guardianBirthDate', 'groups', 'branchId', 'street', 'postcode', 'town', 'altNumber'] as const;

const valuesOf = (b: BorrowerDetail): EditValues => ({
  firstName: b.firstName ?? '',
  lastName: b.lastName ?? '',
  email: b.email ?? '',
  validUntil: b.validUntil ?? '',
  registerType: b.registerType,
  guardianName: b.guardianName ?? '',
  guardianBirthDate: b.guardianBirthDate ?? '',
  groups: b.groups,
  branchId: b.branchId ?? '',
  lmaNumber: '',
  street: b.street ?? '',
  postcode: b.postcode ?? '',
  town: b.town ?? '',
  altNumber: b.altNumber ?? '',
});

/** The Danish fields that changed (only those: the audit names the fields an edit changed). */
function danishChanges(b: BorrowerDetail, v: EditValues) {
  const changed = (key: 'street' | 'postcode' | 'town' | 'altNumber') => (v[key].trim() === (b[key] ?? '') ? {} : { [key]: v[key].trim() });
  return { ...(b.protected ? {} : { ...changed('street'), ...changed('postcode'), ...changed('town') }), ...changed('altNumber') };
}

/** What the form changes, as desk.update takes it: everything set at registration can be corrected (issue 11). */
function editRequest(b: BorrowerDetail, v: EditValues, danish: boolean) {
  const sameGroups = [...v.groups].sort().join(',') === [...b.groups].sort().join(',');
  return {
    id: b.id,
    expectedVersion: b.version,
    email: v.email,
    validUntil: v.validUntil,
    ...(b.protected ? {} : { firstName: v.firstName, lastName: v.lastName }),
    ...(b.protected || v.registerType === b.registerType ? {} : { registerType: v.registerType }),
    ...(!b.protected && isMinorType(v.registerType) ? { guardianName: v.guardianName, guardianBirthDate: v.guardianBirthDate } : {}),
    ...(b.protected || sameGroups ? {} : { groups: v.groups }),
    ...(b.protected || v.branchId === (b.branchId ?? '') ? {} : { branchId: v.branchId || null }),
    ...(v.lmaNumber.trim() ? { identityNumber: v.lmaNumber.trim() } : {}),
    ...(danish ? danishChanges(b, v) : {}),
  };
}

function EditForm({ borrower, onSaved }: { borrower: BorrowerDetail; onSaved: (b: BorrowerDetail) => void }) {
  const { t } = useTranslation();
  const [error, setErrorState] = useState<AppError>();
  const [options, setOptions] = useState<Response<'desk.options'>>();
  useEffect(() => {
    void bridge.invoke('desk.options', {}).then((r) => (r.ok ? setOptions(r.value) : setErrorState(r.error)));
  }, []);
  const { register, handleSubmit, setError, setValue, reset, control, formState } = useForm<EditValues>({ defaultValues: valuesOf(borrower) });
  // The borrower's country decides the Danish fields (a protected Danish borrower at the central office's Swedish desk).
  const danish = (borrower.country ?? options?.country) === 'DK';
  const type = useWatch({ control, name: 'registerType' });
  const onSubmit = handleSubmit(async (v) => {
    const result = await bridge.invoke('desk.update', editRequest(borrower, v, danish));
    if (result.ok) {
      onSaved(result.value);
      reset(valuesOf(result.value));
      setErrorState(undefined);
      toast(t('desk.borrower.saved'));
    } else {
      // The identity number's issues belong to the new LMA number field.
      const lmaIssue = result.error.issues?.find((i) => i.path === 'identityNumber');
      if (lmaIssue) setError('lmaNumber', { type: 'server', message: lmaIssue.message });
      const rest = { ...result.error, issues: result.error.issues?.filter((i) => i !== lmaIssue) };
      setErrorState(lmaIssue && rest.issues?.length === 0 ? undefined : applyServerErrors(rest, setError, editFields));
    }
  });
  const errors = formState.errors;
  const typeError = useFieldErrorText(errors.registerType?.message);
  // Only types of the same kind of account: an LMA account and a personnummer account are different accounts.
  const types = registerTypes.filter((rt) => isLmaType(rt) === isLmaType(borrower.registerType));
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('desk.borrower.save')}>
      <Stack gap="sm">
        {!borrower.protected && (
          <Group grow align="flex-start">
            <TextField label={t('desk.field.firstName')} error={errors.firstName?.message} {...register('firstName')} />
            <TextField label={t('desk.field.lastName')} error={errors.lastName?.message} {...register('lastName')} />
          </Group>
        )}
        <TextField
          label={t(options && !emailRequiredIn(options.country) ? 'desk.field.emailOptional' : 'desk.field.email')}
          type="email"
          error={errors.email?.message}
          {...register('email')}
        />
        <DateField control={control} name="validUntil" label={t('desk.field.validUntil')} error={errors.validUntil?.message} />
        {isLmaType(borrower.registerType) && (
          <TextField label={t('desk.field.newLmaNumber')} description={t('desk.field.newLmaNumberHint')} error={errors.lmaNumber?.message} autoComplete="off" {...register('lmaNumber')} />
        )}
        {!borrower.protected && (
          <>
            <NativeSelect
              label={t('desk.register.type')}
              error={typeError}
              data={types.map((rt) => ({ value: rt, label: t(`desk.type.${rt}`) }))}
              {...register('registerType')}
            />
            {isMinorType(type) && (
              <Group grow align="flex-start">
                <TextField label={t('desk.field.guardianName')} error={errors.guardianName?.message} {...register('guardianName')} />
                <DateField control={control} name="guardianBirthDate" label={t('desk.field.guardianBirthDate')} error={errors.guardianBirthDate?.message} />
              </Group>
            )}
            {options && <GroupBranchFields options={options} register={register} />}
          </>
        )}
        {danish && !borrower.protected && (
          <>
            <TextField label={t('desk.field.street')} error={errors.street?.message} autoComplete="off" {...register('street')} />
            <Group grow align="flex-start">
              <TextField label={t('desk.field.postcode')} error={errors.postcode?.message} autoComplete="off" {...register('postcode')} />
              <TextField label={t('desk.field.town')} error={errors.town?.message} autoComplete="off" {...register('town')} />
            </Group>
          </>
        )}
        {danish && (
          <AltNumberField
            field={register('altNumber')}
            error={errors.altNumber?.message}
            onGenerated={(n) => setValue('altNumber', n, { shouldDirty: true })}
            onRefused={(message) => setError('altNumber', { type: 'server', message })}
            canGenerate={options?.generatesAltNumbers === true}
          />
        )}
        <Group>
          <Button type="submit" loading={formState.isSubmitting}>
            {t('desk.borrower.save')}
          </Button>
        </Group>
        <ErrorMessage error={error} />
      </Stack>
    </form>
  );
}

function Cards({ borrower, onChanged, readOnly }: { borrower: BorrowerDetail; onChanged: (b: BorrowerDetail) => void; readOnly: boolean }) {
  const { t } = useTranslation();
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, reset, formState } = useForm<{ cardNumber: string }>({ defaultValues: { cardNumber: '' } });
  const onSubmit = handleSubmit(async ({ cardNumber }) => {
    const result = await bridge.invoke('desk.addCard', { borrowerId: borrower.id, cardNumber });
    if (result.ok) {
      onChanged(result.value);
      reset();
      setErrorState(undefined);
    } else setErrorState(applyServerErrors(result.error, setError, ['cardNumber']));
  });
  const remove = async (cardNumber: string) => {
    const result = await bridge.invoke('desk.removeCard', { borrowerId: borrower.id, cardNumber });
    if (result.ok) onChanged(result.value);
    else setErrorState(result.error);
  };
  return (
    <section aria-labelledby="cards-title">
      <Title order={4} id="cards-title" size="h5" mb={4}>
        {t('desk.borrower.cards')}
      </Title>
      {borrower.cards.length > 0 && (
        <Table aria-labelledby="cards-title" mb="xs">
          <Table.Tbody>
            {borrower.cards.map((c) => (
              <Table.Tr key={c} data-testid="borrower-card">
                <Table.Td>
                  <Code>{c}</Code>
                </Table.Td>
                {!readOnly && (
                  <Table.Td ta="right">
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => void remove(c)} aria-label={`${t('desk.borrower.removeCard')} ${c}`}>
                      {t('desk.borrower.removeCard')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!readOnly && (
        <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('desk.borrower.addCard')}>
          <Group align="flex-end" gap="xs">
            <TextField label={t('desk.field.cardNumber')} error={formState.errors.cardNumber?.message} autoComplete="off" {...register('cardNumber')} />
            <Button type="submit" variant="light">
              {t('desk.borrower.addCard')}
            </Button>
          </Group>
        </form>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

function PasswordForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, reset, formState } = useForm<{ password: string }>({ defaultValues: { password: '' } });
  const onSubmit = handleSubmit(async ({ password }) => {
    const result = await bridge.invoke('desk.setPassword', { id, password });
    if (result.ok) {
      reset();
      setErrorState(undefined);
      toast(t('desk.borrower.passwordSaved'));
    } else setErrorState(applyServerErrors(result.error, setError, ['password']));
  });
  return (
    <section aria-labelledby="password-title">
      <FormHeading id="password-title" title={t('desk.borrower.password')} />
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="password-title">
        <Group align="flex-start" gap="xs">
          <TextField label={t('desk.field.password')} type="password" autoComplete="new-password" error={formState.errors.password?.message} {...register('password')} />
          <Button type="submit" variant="light" mt={24}>
            {t('desk.borrower.password')}
          </Button>
        </Group>
        <ErrorMessage error={error} />
      </form>
    </section>
  );
}

function PinForm({ id }: { id: string }) {
  const { t } = useTranslation();
  // Said in the form itself: the PIN is the one thing a borrower waits for at the counter.
  const [saved, setSaved] = useState<'set' | 'removed'>();
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, reset, formState } = useForm<{ pin: string }>({ defaultValues: { pin: '' } });
  const save = async (pin: string | null) => {
    setSaved(undefined);
    setErrorState(undefined);
    const result = await bridge.invoke('desk.setPin', { id, pin });
    if (result.ok) {
      reset();
      setSaved(pin === null ? 'removed' : 'set');
    } else setErrorState(applyServerErrors(result.error, setError, ['pin']));
  };
  const onSubmit = handleSubmit(({ pin }) => save(pin));
  return (
    <section aria-labelledby="pin-title">
      <FormHeading id="pin-title" title={t('desk.borrower.pin')} hint={t('desk.borrower.pinHint')} />
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="pin-title">
        <Group align="flex-start" gap="xs">
          <TextField label={t('desk.field.pin')} type="password" inputMode="numeric" autoComplete="off" error={formState.errors.pin?.message} {...register('pin')} />
          <Button type="submit" variant="light" mt={24}>
            {t('desk.borrower.setPin')}
          </Button>
          <Button type="button" variant="subtle" mt={24} onClick={() => void save(null)}>
            {t('desk.borrower.removePin')}
          </Button>
        </Group>
        {saved && (
          <Text role="status" size="sm" fw={600} mt={4}>
            {t(saved === 'set' ? 'desk.borrower.pinSaved' : 'desk.borrower.pinRemoved')}
          </Text>
        )}
        <ErrorMessage error={error} />
      </form>
    </section>
  );
}

function TransferForm({ borrower, onRequested }: { borrower: BorrowerDetail; onRequested: (b: BorrowerDetail) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [libraries, setLibraries] = useState<Library[]>([]);
  const [chosen, setChosen] = useState<Library>();
  const [error, setError] = useState<AppError>();
  const search = async () => {
    const result = await bridge.invoke('desk.searchLibraries', { query });
    if (result.ok) setLibraries(result.value);
    else setError(result.error);
  };
  const confirm = async () => {
    if (!chosen) return;
    const result = await bridge.invoke('desk.requestTransfer', { borrowerId: borrower.id, toLibraryId: chosen.id });
    if (result.ok) onRequested(result.value);
    else setError(result.error);
  };
  return (
    <section aria-labelledby="transfer-title">
      <Title order={4} id="transfer-title" size="h5" mb={4}>
        {t('desk.transfer.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
        aria-labelledby="transfer-title"
      >
        <Group align="flex-end" gap="xs">
          <TextField label={t('desk.transfer.search')} value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
          <Button type="submit" variant="light">
            {t('desk.transfer.find')}
          </Button>
        </Group>
      </form>
      <Stack gap={4} mt="xs">
        {libraries
          .filter((l) => l.name !== borrower.libraryName)
          .map((l) => (
            <Group key={l.id} justify="space-between" wrap="nowrap">
              <Text size="sm">
                {l.name} ({l.municipality})
              </Text>
              <Button
                size="compact-sm"
                variant={chosen?.id === l.id ? 'filled' : 'default'}
                onClick={() => setChosen(l)}
                aria-pressed={chosen?.id === l.id}
                aria-label={`${t('desk.transfer.choose')}: ${l.name}`}
              >
                {t('desk.transfer.choose')}
              </Button>
            </Group>
          ))}
      </Stack>
      {chosen && (
        <Button mt="xs" onClick={() => void confirm()}>
          {t('desk.transfer.confirm')}: {chosen.name}
        </Button>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

/** Right of access: the borrower's data as a readable page and as a data file, downloaded here. */
function ExportData({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const [files, setFiles] = useState<{ html: string; json: string; name: string }>();
  const [error, setError] = useState<AppError>();
  useEffect(
    () => () => {
      if (files) {
        URL.revokeObjectURL(files.html);
        URL.revokeObjectURL(files.json);
      }
    },
    [files],
  );
  const make = async () => {
    const result = await bridge.invoke('desk.exportBorrower', { id, language: i18n.language as Language });
    if (!result.ok) return setError(result.error);
    setFiles({
      html: URL.createObjectURL(new Blob([result.value.html], { type: 'text/html' })),
      json: URL.createObjectURL(new Blob([result.value.json], { type: 'application/json' })),
      name: result.value.fileName,
    });
  };
  return (
    <section className="export">
      <Button variant="default" onClick={() => void make()}>
        {t('desk.borrower.export')}
      </Button>
      {files && (
        <Group mt="xs">
          <Anchor href={files.html} download={`${files.name}.html`}>
            {t('desk.borrower.exportHtml')}
          </Anchor>
          <Anchor href={files.json} download={`${files.name}.json`}>
            {t('desk.borrower.exportJson')}
          </Anchor>
        </Group>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

/** The dialog names whose account it deletes; the button that opened it steps aside while it is open. */
function DeleteAccount({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation();
  const show = useDeskStore((s) => s.show);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<AppError>();
  const remove = async () => {
    const result = await bridge.invoke('desk.delete', { id });
    if (result.ok) show({ name: 'search' }, t('desk.borrower.deleted'));
    else {
      setConfirming(false);
      setError(result.error);
    }
  };
  return (
    <section className="danger">
      {!confirming && (
        <Button color="red" variant="outline" onClick={() => setConfirming(true)}>
          {t('desk.borrower.delete')}
        </Button>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('ui.borrower.deleteNamed', { name })} withCloseButton={false} centered>
        <Alert color="red" variant="light" mb="md">
          {t('ui.borrower.deleteHint')}
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
            {t('desk.cancel')}
          </Button>
          <Button color="red" onClick={() => void remove()}>
            {t('desk.borrower.delete')}
          </Button>
        </Group>
      </Modal>
      <ErrorMessage error={error} />
    </section>
  );
}
