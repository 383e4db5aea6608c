import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { BorrowerDetail, Language, Library } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/fields';
import { GuardianConsentForm } from '../../components/door/GuardianConsentForm';
import { useDeskStore } from '../../stores/desk';
import { applyServerErrors } from './apply-server-errors';

export function BorrowerView({ id }: { id: string }) {
  const { t } = useTranslation();
  const [borrower, setBorrower] = useState<BorrowerDetail>();
  const [error, setError] = useState<AppError>();
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

  if (error) return <ErrorMessage error={error} />;
  if (!borrower) return null;
  const title = borrower.protected ? borrower.email : `${borrower.firstName ?? ''} ${borrower.lastName ?? ''}`;
  return (
    <section aria-labelledby="borrower-title" className="borrower">
      <h2 id="borrower-title">
        {t('desk.borrower.title')}: {title}
      </h2>
      {borrower.protected && <p className="warning">{t('desk.borrower.protected')}</p>}
      {borrower.expired && <p className="warning">{t('desk.borrower.expired')}</p>}
      <dl className="facts">
        <dt>{t('desk.borrower.identity')}</dt>
        <dd data-testid="borrower-identity">{borrower.identityDisplay}</dd>
        <dt>{t('desk.borrower.library')}</dt>
        <dd data-testid="borrower-library">{borrower.libraryName ?? '—'}</dd>
      </dl>
      {borrower.pendingTransferTo && <p role="status">{t('desk.transfer.pending', { library: borrower.pendingTransferTo })}</p>}
      <EditForm borrower={borrower} onSaved={setBorrower} />
      <Cards borrower={borrower} onChanged={setBorrower} />
      <PasswordForm id={borrower.id} />
      <PinForm id={borrower.id} />
      {(borrower.registerType === 'minor' || borrower.registerType === 'minor-lma') && !borrower.protected && <GuardianConsentForm borrower={borrower} onChanged={setBorrower} />}
      {!borrower.protected && !borrower.pendingTransferTo && <TransferForm borrower={borrower} onRequested={setBorrower} />}
      <ExportData id={borrower.id} />
      <DeleteAccount id={borrower.id} />
    </section>
  );
}

interface EditValues {
  firstName: string;
  lastName: string;
  email: string;
  validUntil: string;
}

function EditForm({ borrower, onSaved }: { borrower: BorrowerDetail; onSaved: (b: BorrowerDetail) => void }) {
  const { t } = useTranslation();
  const [error, setErrorState] = useState<AppError>();
  const [saved, setSaved] = useState(false);
  const valuesOf = (b: BorrowerDetail): EditValues => ({ firstName: b.firstName ?? '', lastName: b.lastName ?? '', email: b.email, validUntil: b.validUntil ?? '' });
  const { register, handleSubmit, setError, reset, formState } = useForm<EditValues>({ defaultValues: valuesOf(borrower) });
  const onSubmit = handleSubmit(async (v) => {
    setSaved(false);
    const names = borrower.protected ? {} : { firstName: v.firstName, lastName: v.lastName };
    const result = await bridge.invoke('desk.update', { id: borrower.id, expectedVersion: borrower.version, ...names, email: v.email, validUntil: v.validUntil });
    if (result.ok) {
      onSaved(result.value);
      reset(valuesOf(result.value));
      setErrorState(undefined);
      setSaved(true);
    } else setErrorState(applyServerErrors(result.error, setError, ['firstName', 'lastName', 'email', 'validUntil']));
  });
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('desk.borrower.save')}>
      {!borrower.protected && (
        <>
          <TextField label={t('desk.field.firstName')} error={formState.errors.firstName?.message} {...register('firstName')} />
          <TextField label={t('desk.field.lastName')} error={formState.errors.lastName?.message} {...register('lastName')} />
        </>
      )}
      <TextField label={t('desk.field.email')} type="email" error={formState.errors.email?.message} {...register('email')} />
      <TextField label={t('desk.field.validUntil')} type="date" error={formState.errors.validUntil?.message} {...register('validUntil')} />
      <button type="submit">{t('desk.borrower.save')}</button>
      {saved && <p role="status">{t('desk.borrower.saved')}</p>}
      <ErrorMessage error={error} />
    </form>
  );
}

function Cards({ borrower, onChanged }: { borrower: BorrowerDetail; onChanged: (b: BorrowerDetail) => void }) {
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
      <h3 id="cards-title">{t('desk.borrower.cards')}</h3>
      <ul>
        {borrower.cards.map((c) => (
          <li key={c} data-testid="borrower-card">
            <code>{c}</code>{' '}
            <button type="button" onClick={() => void remove(c)} aria-label={`${t('desk.borrower.removeCard')} ${c}`}>
              {t('desk.borrower.removeCard')}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('desk.borrower.addCard')}>
        <TextField label={t('desk.field.cardNumber')} error={formState.errors.cardNumber?.message} autoComplete="off" {...register('cardNumber')} />
        <button type="submit">{t('desk.borrower.addCard')}</button>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}

function PasswordForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const [error, setErrorState] = useState<AppError>();
  const { register, handleSubmit, setError, reset, formState } = useForm<{ password: string }>({ defaultValues: { password: '' } });
  const onSubmit = handleSubmit(async ({ password }) => {
    setSaved(false);
    const result = await bridge.invoke('desk.setPassword', { id, password });
    if (result.ok) {
      reset();
      setSaved(true);
    } else setErrorState(applyServerErrors(result.error, setError, ['password']));
  });
  return (
    <section aria-labelledby="password-title">
      <h3 id="password-title">{t('desk.borrower.password')}</h3>
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="password-title">
        <TextField label={t('desk.field.password')} type="password" autoComplete="new-password" error={formState.errors.password?.message} {...register('password')} />
        <button type="submit">{t('desk.borrower.password')}</button>
        {saved && <p role="status">{t('desk.borrower.passwordSaved')}</p>}
        <ErrorMessage error={error} />
      </form>
    </section>
  );
}

function PinForm({ id }: { id: string }) {
  const { t } = useTranslation();
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
      <h3 id="pin-title">{t('desk.borrower.pin')}</h3>
      <p>{t('desk.borrower.pinHint')}</p>
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="pin-title">
        <TextField label={t('desk.field.pin')} type="password" inputMode="numeric" autoComplete="off" error={formState.errors.pin?.message} {...register('pin')} />
        <button type="submit">{t('desk.borrower.setPin')}</button>{' '}
        <button type="button" onClick={() => void save(null)}>
          {t('desk.borrower.removePin')}
        </button>
        {saved && <p role="status">{t(saved === 'set' ? 'desk.borrower.pinSaved' : 'desk.borrower.pinRemoved')}</p>}
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
      <h3 id="transfer-title">{t('desk.transfer.title')}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
        aria-labelledby="transfer-title"
      >
        <TextField label={t('desk.transfer.search')} value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        <button type="submit">{t('desk.transfer.find')}</button>
      </form>
      <ul>
        {libraries
          .filter((l) => l.name !== borrower.libraryName)
          .map((l) => (
            <li key={l.id}>
              {l.name} ({l.municipality}){' '}
              <button type="button" onClick={() => setChosen(l)} aria-pressed={chosen?.id === l.id} aria-label={`${t('desk.transfer.choose')}: ${l.name}`}>
                {t('desk.transfer.choose')}
              </button>
            </li>
          ))}
      </ul>
      {chosen && (
        <button type="button" onClick={() => void confirm()}>
          {t('desk.transfer.confirm')}: {chosen.name}
        </button>
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
      <button type="button" onClick={() => void make()}>
        {t('desk.borrower.export')}
      </button>
      {files && (
        <p>
          <a href={files.html} download={`${files.name}.html`}>
            {t('desk.borrower.exportHtml')}
          </a>{' '}
          <a href={files.json} download={`${files.name}.json`}>
            {t('desk.borrower.exportJson')}
          </a>
        </p>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

function DeleteAccount({ id }: { id: string }) {
  const { t } = useTranslation();
  const show = useDeskStore((s) => s.show);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<AppError>();
  const remove = async () => {
    const result = await bridge.invoke('desk.delete', { id });
    if (result.ok) show({ name: 'search' }, t('desk.borrower.deleted'));
    else setError(result.error);
  };
  return (
    <section className="danger">
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)}>
          {t('desk.borrower.delete')}
        </button>
      ) : (
        <div role="alertdialog" aria-labelledby="delete-q">
          <p id="delete-q">{t('desk.borrower.deleteConfirm')}</p>
          <button type="button" onClick={() => void remove()}>
            {t('desk.borrower.delete')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('desk.cancel')}
          </button>
        </div>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
