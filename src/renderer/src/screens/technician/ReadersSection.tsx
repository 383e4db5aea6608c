import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  lineTerminators,
  readerKinds,
  readerRoles,
  serialParities,
  type ReaderKind,
  type ReaderRole,
  type ReaderSetting,
} from '../../../../shared/hardware/settings';
import type { AppError } from '../../../../shared/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useHardwareStore } from '../../stores/hardware';
import { Choice, Field, fieldErrors, numberOrUndefined, text, Toggle, type FieldErrors } from './controls';
import { StatusBadge } from './StatusBadge';
import { useReferenceNames } from '../../components/reference';

/** One reader as the form edits it: text for every input, converted back on save. */
interface ReaderForm {
  key: number;
  id: string;
  name: string;
  kind: ReaderKind;
  role: ReaderRole;
  profileId: string;
  enabled: boolean;
  path: string;
  baudRate: string;
  dataBits: string;
  parity: string;
  stopBits: string;
  terminator: string;
  terminatorHex: string;
  stripPrefix: string;
  stripSuffix: string;
  vendorId: string;
  productId: string;
  framing: string;
  frameLength: string;
  maxGapMs: string;
  minLength: string;
  /** Fields the form does not edit (from a settings file), kept as they were. */
  extra: Partial<ReaderSetting>;
}

let nextKey = 1;

const formFields = new Set([
  'id', 'name', 'kind', 'role', 'profileId', 'enabled', 'path', 'baudRate', 'dataBits', 'parity', 'stopBits', 'terminator',
  'stripPrefix', 'stripSuffix', 'vendorId', 'productId', 'framing', 'frameLength', 'maxGapMs', 'minLength',
]);

function usbText(value: number | string | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'number' ? `0x${value.toString(16).padStart(4, '0')}` : value;
}

function fromSetting(s: ReaderSetting): ReaderForm {
  const extra = Object.fromEntries(Object.entries(s).filter(([k]) => !formFields.has(k))) as Partial<ReaderSetting>;
  const terminator = s.terminator;
  return {
    key: nextKey++,
    id: s.id,
    name: text(s.name),
    kind: s.kind,
    role: s.role,
    profileId: s.profileId,
    enabled: s.enabled ?? true,
    path: text(s.path),
    baudRate: text(s.baudRate ?? (s.kind === 'serial' ? 9600 : '')),
    dataBits: text(s.dataBits ?? 8),
    parity: text(s.parity ?? 'none'),
    stopBits: text(s.stopBits ?? 1),
    terminator: typeof terminator === 'object' ? 'custom' : (terminator ?? 'cr'),
    terminatorHex: typeof terminator === 'object' ? terminator.custom : '',
    stripPrefix: text(s.stripPrefix),
    stripSuffix: text(s.stripSuffix),
    vendorId: usbText(s.vendorId),
    productId: usbText(s.productId),
    framing: text(s.framing ?? 'report'),
    frameLength: text(s.frameLength),
    maxGapMs: text(s.maxGapMs),
    minLength: text(s.minLength),
    extra,
  };
}

function newReader(index: number, profileId: string): ReaderForm {
  return fromSetting({ id: `reader-${index}`, kind: 'serial', role: 'door', profileId, path: '' });
}

/** Only the fields the reader's kind uses: the main-process schemas refuse the others. */
function toSetting(f: ReaderForm): ReaderSetting {
  const base: ReaderSetting = {
    id: f.id.trim(),
    kind: f.kind,
    role: f.role,
    profileId: f.profileId,
    enabled: f.enabled,
    ...(f.name.trim() ? { name: f.name.trim() } : {}),
  };
  const keep = (names: (keyof ReaderSetting)[]) => Object.fromEntries(Object.entries(f.extra).filter(([k]) => names.includes(k as keyof ReaderSetting)));
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  switch (f.kind) {
    case 'serial':
      return {
        ...base,
        ...keep(['interByteTimeoutMs', 'maxFrameLength']),
        path: f.path.trim(),
        baudRate: numberOrUndefined(f.baudRate),
        dataBits: numberOrUndefined(f.dataBits),
        parity: f.parity,
        stopBits: numberOrUndefined(f.stopBits),
        terminator: f.terminator === 'custom' ? { custom: f.terminatorHex.trim() } : f.terminator,
        stripPrefix: optional(f.stripPrefix),
        stripSuffix: optional(f.stripSuffix),
      };
    case 'hid':
      return {
        ...base,
        ...keep(['serialNumber', 'usagePage', 'interface', 'stripReportId', 'interReportTimeoutMs', 'maxFrameLength']),
        path: optional(f.path),
        vendorId: optional(f.vendorId),
        productId: optional(f.productId),
        framing: f.framing,
        frameLength: numberOrUndefined(f.frameLength),
      };
    case 'wedge':
      return { ...base, ...keep(['maxLength', 'terminators']), maxGapMs: numberOrUndefined(f.maxGapMs), minLength: numberOrUndefined(f.minLength) };
    case 'simulated':
      return { ...base, ...keep(['connected']) };
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The configured readers, each with its live status, edited together and applied all at once. */
export function ReadersSection() {
  const { t } = useTranslation();
  const settings = useHardwareStore((s) => s.settings);
  const profiles = useHardwareStore((s) => s.profiles);
  const devices = useHardwareStore((s) => s.devices);
  const saveReaders = useHardwareStore((s) => s.saveReaders);
  const [forms, setForms] = useState<ReaderForm[] | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  // Take the stored readers when they arrive or change (a save, an import), not when other settings change.
  const source = settings ? JSON.stringify(settings.readers) : undefined;
  const [shown, setShown] = useState<string | undefined>();
  if (settings && source !== shown) {
    setShown(source);
    setForms(settings.readers.map(fromSetting));
  }

  if (!forms) return null;

  const update = (key: number, change: Partial<ReaderForm>) => {
    setSaved(false);
    setForms((list) => list?.map((f) => (f.key === key ? { ...f, ...change } : f)));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    const result = await saveReaders(forms.map((f) => withoutUndefined(toSetting(f))));
    setBusy(false);
    setError(result);
    setSaved(!result);
  };

  const serialPaths = (devices ?? []).filter((d) => d.transport === 'serial').map((d) => d.path);

  return (
    <section aria-labelledby="readers-title" className="technician-section">
      <h2 id="readers-title">{t('hardware.readers.title')}</h2>
      <datalist id="serial-port-paths">
        {serialPaths.map((path) => (
          <option key={path} value={path} />
        ))}
      </datalist>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        {forms.length === 0 && <p>{t('hardware.readers.none')}</p>}
        {forms.map((form, index) => (
          <ReaderFieldset
            key={form.key}
            index={index}
            form={form}
            errors={fieldErrors(error, `readers.${index}`)}
            profiles={profiles}
            onChange={(change) => update(form.key, change)}
            onRemove={() => {
              setSaved(false);
              setForms((list) => list?.filter((f) => f.key !== form.key));
            }}
          />
        ))}
        <div className="actions">
          <button type="button" onClick={() => setForms((list) => [...(list ?? []), newReader((list?.length ?? 0) + 1, profiles[0]?.id ?? 'dk-health-card')])}>
            {t('hardware.readers.add')}
          </button>
          <button type="submit" disabled={busy}>
            {t('hardware.readers.save')}
          </button>
        </div>
        <ErrorMessage error={error} />
        {saved && <p role="status">{t('hardware.readers.saved')}</p>}
      </form>
    </section>
  );
}

function ReaderFieldset({
  index,
  form,
  errors,
  profiles,
  onChange,
  onRemove,
}: {
  index: number;
  form: ReaderForm;
  errors: FieldErrors;
  profiles: { id: string; label: string }[];
  onChange: (change: Partial<ReaderForm>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const status = useHardwareStore((s) => s.readerStatus[form.id]);
  const names = useReferenceNames();
  const legend = t('hardware.readers.legend', { number: index + 1, id: form.id || '…' });
  const profileOptions = profiles.some((p) => p.id === form.profileId) ? profiles : [{ id: form.profileId, label: form.profileId }, ...profiles];

  return (
    <fieldset className="reader" data-testid="reader">
      <legend>{legend}</legend>
      <p className="reader-status">
        {t('hardware.status.label')} <StatusBadge status={status} />
      </p>
      <div className="field-row">
        <Field label={t('hardware.reader.id')} value={form.id} onValue={(id) => onChange({ id })} error={errors['id']} autoComplete="off" />
        <Field label={t('hardware.reader.name')} value={form.name} onValue={(name) => onChange({ name })} error={errors['name']} autoComplete="off" />
      </div>
      <div className="field-row">
        <Choice
          label={t('hardware.reader.kind')}
          value={form.kind}
          onValue={(kind) => onChange({ kind: kind as ReaderKind })}
          options={readerKinds.map((k) => ({ value: k, label: t(`hardware.readerKind.${k}`) }))}
          error={errors['kind']}
        />
        <Choice
          label={t('hardware.reader.role')}
          value={form.role}
          onValue={(role) => onChange({ role: role as ReaderRole })}
          options={readerRoles.map((r) => ({ value: r, label: t(`hardware.readerRole.${r}`) }))}
          error={errors['role']}
        />
        <Choice
          label={t('hardware.reader.profile')}
          value={form.profileId}
          onValue={(profileId) => onChange({ profileId })}
          options={profileOptions.map((p) => ({ value: p.id, label: names.profile(p.id, p.label) }))}
          error={errors['profileId']}
        />
      </div>
      <Toggle label={t('hardware.reader.enabled')} checked={form.enabled} onChecked={(enabled) => onChange({ enabled })} />

      {form.kind === 'serial' && (
        <>
          <Field
            label={t('hardware.reader.path')}
            value={form.path}
            onValue={(path) => onChange({ path })}
            error={errors['path']}
            list="serial-port-paths"
            autoComplete="off"
            spellCheck={false}
            hint={t('hardware.reader.pathHint')}
          />
          <div className="field-row">
            <Field label={t('hardware.serial.baudRate')} value={form.baudRate} onValue={(baudRate) => onChange({ baudRate })} error={errors['baudRate']} inputMode="numeric" />
            <Choice
              label={t('hardware.serial.dataBits')}
              value={form.dataBits}
              onValue={(dataBits) => onChange({ dataBits })}
              options={['8', '7'].map((v) => ({ value: v, label: v }))}
              error={errors['dataBits']}
            />
            <Choice
              label={t('hardware.serial.parity')}
              value={form.parity}
              onValue={(parity) => onChange({ parity })}
              options={serialParities.map((p) => ({ value: p, label: t(`hardware.parity.${p}`) }))}
              error={errors['parity']}
            />
            <Choice
              label={t('hardware.serial.stopBits')}
              value={form.stopBits}
              onValue={(stopBits) => onChange({ stopBits })}
              options={['1', '2'].map((v) => ({ value: v, label: v }))}
              error={errors['stopBits']}
            />
          </div>
          <div className="field-row">
            <Choice
              label={t('hardware.serial.terminator')}
              value={form.terminator}
              onValue={(terminator) => onChange({ terminator })}
              options={[...lineTerminators, 'custom'].map((v) => ({ value: v, label: t(`hardware.terminator.${v}`) }))}
              error={errors['terminator']}
            />
            {form.terminator === 'custom' && (
              <Field
                label={t('hardware.serial.terminatorHex')}
                value={form.terminatorHex}
                onValue={(terminatorHex) => onChange({ terminatorHex })}
                error={errors['terminator.custom']}
                spellCheck={false}
              />
            )}
            <Field
              label={t('hardware.serial.prefix')}
              value={form.stripPrefix}
              onValue={(stripPrefix) => onChange({ stripPrefix })}
              error={errors['stripPrefix']}
              spellCheck={false}
            />
            <Field
              label={t('hardware.serial.suffix')}
              value={form.stripSuffix}
              onValue={(stripSuffix) => onChange({ stripSuffix })}
              error={errors['stripSuffix']}
              spellCheck={false}
            />
          </div>
        </>
      )}

      {form.kind === 'hid' && (
        <>
          <p className="hint">{t('hardware.reader.hidHint')}</p>
          <div className="field-row">
            <Field label={t('hardware.reader.vendorId')} value={form.vendorId} onValue={(vendorId) => onChange({ vendorId })} error={errors['vendorId']} spellCheck={false} />
            <Field label={t('hardware.reader.productId')} value={form.productId} onValue={(productId) => onChange({ productId })} error={errors['productId']} spellCheck={false} />
            <Field label={t('hardware.reader.hidPath')} value={form.path} onValue={(path) => onChange({ path })} error={errors['path']} spellCheck={false} />
          </div>
          <div className="field-row">
            <Choice
              label={t('hardware.reader.framing')}
              value={form.framing}
              onValue={(framing) => onChange({ framing })}
              options={['report', 'fixed-length'].map((v) => ({ value: v, label: t(`hardware.framing.${v}`) }))}
              error={errors['framing']}
            />
            {form.framing === 'fixed-length' && (
              <Field
                label={t('hardware.reader.frameLength')}
                value={form.frameLength}
                onValue={(frameLength) => onChange({ frameLength })}
                error={errors['frameLength']}
                inputMode="numeric"
              />
            )}
          </div>
        </>
      )}

      {form.kind === 'wedge' && (
        <>
          <p className="hint">{t('hardware.reader.wedgeHint')}</p>
          <div className="field-row">
            <Field label={t('hardware.reader.maxGapMs')} value={form.maxGapMs} onValue={(maxGapMs) => onChange({ maxGapMs })} error={errors['maxGapMs']} inputMode="numeric" placeholder="30" />
            <Field label={t('hardware.reader.minLength')} value={form.minLength} onValue={(minLength) => onChange({ minLength })} error={errors['minLength']} inputMode="numeric" placeholder="6" />
          </div>
        </>
      )}

      {form.kind === 'simulated' && <p className="hint">{t('hardware.reader.simulatedHint')}</p>}

      {errors[''] && <p className="field-error">{errors['']}</p>}
      <button type="button" onClick={onRemove}>
        {t('hardware.readers.remove', { id: form.id || index + 1 })}
      </button>
    </fieldset>
  );
}
