import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DoorContactInputFields } from '../../components/door/DoorContactInputFields';
import {
  doorContactKinds,
  doorStates,
  lockTypes,
  relayContacts,
  relayKinds,
  relayParities,
  type DoorSettings,
  type RelayKind,
  type RelaySetting,
} from '../../../../shared/hardware/settings';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useHardwareStore } from '../../stores/hardware';
import { Choice, Field, fieldErrors, numberOrUndefined, text } from './controls';
import { StatusBadge } from './StatusBadge';

type RelayChoice = RelayKind | 'none';

interface DoorForm {
  relayKind: RelayChoice;
  path: string;
  baudRate: string;
  dataBits: string;
  parity: string;
  stopBits: string;
  channels: string;
  slave: string;
  boardId: string;
  channel: string;
  lockType: string;
  relayContact: string;
  safeState: string;
  openTimeMs: string;
  heldOpenAlarmSeconds: string;
  contact: string;
  contactInput: string;
  contactOpenLevel: string;
  contactPollMs: string;
  /** Relay fields the form does not edit (reconnect timing, presence check …), kept as they were. */
  extra: Partial<RelaySetting>;
}

const serialKinds: readonly RelayKind[] = ['lcus', 'kmtronic', 'modbus-rtu'];
const editedRelayFields = new Set(['kind', 'port', 'channels', 'slave', 'boardId']);

function fromSettings(relay: RelaySetting | null, door: DoorSettings): DoorForm {
  const extra = relay ? (Object.fromEntries(Object.entries(relay).filter(([k]) => !editedRelayFields.has(k))) as Partial<RelaySetting>) : {};
  return {
    relayKind: relay?.kind ?? 'none',
    path: text(relay?.port?.path),
    baudRate: text(relay?.port?.baudRate ?? 9600),
    dataBits: text(relay?.port?.dataBits ?? 8),
    parity: text(relay?.port?.parity ?? 'none'),
    stopBits: text(relay?.port?.stopBits ?? 1),
    channels: text(relay?.channels),
    slave: text(relay?.slave),
    boardId: text(relay?.boardId),
    channel: String(door.channel),
    lockType: door.lockType,
    relayContact: door.relayContact,
    safeState: door.safeState,
    openTimeMs: String(door.openTimeMs),
    heldOpenAlarmSeconds: String(door.heldOpenAlarmSeconds),
    contact: door.contact,
    contactInput: String(door.contactInput),
    contactOpenLevel: door.contactOpenLevel,
    contactPollMs: String(door.contactPollMs),
    extra,
  };
}

function toRelay(f: DoorForm): RelaySetting | null {
  if (f.relayKind === 'none') return null;
  const channels = numberOrUndefined(f.channels);
  const base: RelaySetting = { ...f.extra, kind: f.relayKind, ...(channels === undefined ? {} : { channels }) };
  if (serialKinds.includes(f.relayKind)) {
    const port: NonNullable<RelaySetting['port']> = { path: f.path.trim(), parity: f.parity };
    for (const [name, value] of [['baudRate', f.baudRate], ['dataBits', f.dataBits], ['stopBits', f.stopBits]] as const) {
      const n = numberOrUndefined(value);
      if (n !== undefined) port[name] = n;
    }
    const slave = numberOrUndefined(f.slave);
    return { ...base, port, ...(f.relayKind === 'modbus-rtu' && slave !== undefined ? { slave } : {}) };
  }
  if (f.relayKind === 'usb-hid') return { ...base, ...(f.boardId.trim() ? { boardId: f.boardId.trim() } : {}) };
  return base;
}

function toDoor(f: DoorForm): DoorSettings {
  return {
    channel: Number(f.channel),
    lockType: f.lockType as DoorSettings['lockType'],
    relayContact: f.relayContact as DoorSettings['relayContact'],
    safeState: f.safeState as DoorSettings['safeState'],
    openTimeMs: Number(f.openTimeMs),
    heldOpenAlarmSeconds: Number(f.heldOpenAlarmSeconds),
    contact: f.contact as DoorSettings['contact'],
    contactInput: Number(f.contactInput),
    contactOpenLevel: f.contactOpenLevel as DoorSettings['contactOpenLevel'],
    contactPollMs: Number(f.contactPollMs),
  };
}

/** The door relay: driver, port, channel and lock settings, the live relay and door state, a test pulse. */
export function DoorSection() {
  const { t } = useTranslation();
  const settings = useHardwareStore((s) => s.settings);
  const relay = useHardwareStore((s) => s.relay);
  const door = useHardwareStore((s) => s.door);
  const saveDoor = useHardwareStore((s) => s.saveDoor);
  const [form, setForm] = useState<DoorForm | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const source = settings ? JSON.stringify([settings.relay, settings.door]) : undefined;
  const [shown, setShown] = useState<string | undefined>();
  if (settings && source !== shown) {
    setShown(source);
    setForm(fromSettings(settings.relay, settings.door));
  }
  if (!form) return null;

  const change = (patch: Partial<DoorForm>) => {
    setNotice(undefined);
    setForm({ ...form, ...patch });
  };
  const errors = { ...fieldErrors(error, 'door') };
  const relayErrors = fieldErrors(error, 'relay');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setNotice(undefined);
    const result = await saveDoor(toRelay(form), toDoor(form));
    setBusy(false);
    setError(result);
    if (!result) setNotice(t('hardware.door.saved'));
  };

  const testPulse = async () => {
    setNotice(undefined);
    const result = await bridge.invoke('hardware.testPulse', {});
    setError(result.ok ? undefined : result.error);
    if (result.ok) setNotice(t('hardware.door.pulsed', { ms: result.value.openMs }));
  };

  const setContact = async (state: 'open' | 'closed') => {
    const result = await bridge.invoke('hardware.simulateDoorContact', { state });
    setError(result.ok ? undefined : result.error);
  };

  const isSerial = serialKinds.includes(form.relayKind as RelayKind);
  const configured = settings?.relay ?? null;

  return (
    <section aria-labelledby="door-title" className="technician-section">
      <h2 id="door-title">{t('hardware.door.title')}</h2>
      <dl className="facts" aria-live="polite">
        <dt>{t('hardware.door.relayStatus')}</dt>
        <dd>{configured ? <StatusBadge status={relay?.status} testId="relay-status" /> : t('hardware.door.noRelay')}</dd>
        <dt>{t('hardware.door.state')}</dt>
        <dd data-testid="door-state">{door ? t(`hardware.doorState.${door.state}`) : '—'}</dd>
        <dt>{t('hardware.door.alarms')}</dt>
        <dd data-testid="door-alarms">{door && door.alarms.length > 0 ? door.alarms.map((a) => t(`hardware.alarm.${a}`)).join(', ') : t('hardware.door.noAlarms')}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => void testPulse()} disabled={!configured}>
          {t('hardware.door.testPulse')}
        </button>
        {configured && settings?.door.contact === 'simulated' && (
          <>
            <button type="button" onClick={() => void setContact('open')}>
              {t('hardware.door.contactOpen')}
            </button>
            <button type="button" onClick={() => void setContact('closed')}>
              {t('hardware.door.contactClosed')}
            </button>
          </>
        )}
      </div>

      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <fieldset>
          <legend>{t('hardware.door.relayLegend')}</legend>
          <Choice
            label={t('hardware.door.driver')}
            value={form.relayKind}
            onValue={(relayKind) => change({ relayKind: relayKind as RelayChoice })}
            options={(['none', ...relayKinds] as const).map((k) => ({ value: k, label: t(`hardware.relayKind.${k}`) }))}
            error={relayErrors['kind']}
          />
          {isSerial && (
            <>
              <Field
                label={t('hardware.door.path')}
                value={form.path}
                onValue={(path) => change({ path })}
                error={relayErrors['port.path'] ?? relayErrors['port']}
                list="serial-port-paths"
                autoComplete="off"
                spellCheck={false}
              />
              <div className="field-row">
                <Field label={t('hardware.serial.baudRate')} value={form.baudRate} onValue={(baudRate) => change({ baudRate })} error={relayErrors['port.baudRate']} inputMode="numeric" />
                <Choice
                  label={t('hardware.serial.dataBits')}
                  value={form.dataBits}
                  onValue={(dataBits) => change({ dataBits })}
                  options={['8', '7'].map((v) => ({ value: v, label: v }))}
                  error={relayErrors['port.dataBits']}
                />
                <Choice
                  label={t('hardware.serial.parity')}
                  value={form.parity}
                  onValue={(parity) => change({ parity })}
                  options={relayParities.map((p) => ({ value: p, label: t(`hardware.parity.${p}`) }))}
                  error={relayErrors['port.parity']}
                />
                <Choice
                  label={t('hardware.serial.stopBits')}
                  value={form.stopBits}
                  onValue={(stopBits) => change({ stopBits })}
                  options={['1', '2'].map((v) => ({ value: v, label: v }))}
                  error={relayErrors['port.stopBits']}
                />
              </div>
            </>
          )}
          {form.relayKind === 'modbus-rtu' && (
            <Field label={t('hardware.door.slave')} value={form.slave} onValue={(slave) => change({ slave })} error={relayErrors['slave']} inputMode="numeric" placeholder="1" />
          )}
          {form.relayKind === 'usb-hid' && (
            <Field label={t('hardware.door.boardId')} value={form.boardId} onValue={(boardId) => change({ boardId })} error={relayErrors['boardId']} spellCheck={false} />
          )}
          {form.relayKind !== 'none' && (
            <Field
              label={t('hardware.door.channels')}
              value={form.channels}
              onValue={(channels) => change({ channels })}
              error={relayErrors['channels']}
              inputMode="numeric"
              placeholder="1"
            />
          )}
        </fieldset>

        <fieldset>
          <legend>{t('hardware.door.doorLegend')}</legend>
          <div className="field-row">
            <Field label={t('hardware.door.channel')} value={form.channel} onValue={(channel) => change({ channel })} error={errors['channel']} inputMode="numeric" />
            <Choice
              label={t('hardware.door.lockType')}
              value={form.lockType}
              onValue={(lockType) => change({ lockType })}
              options={lockTypes.map((v) => ({ value: v, label: t(`hardware.lockType.${v}`) }))}
              error={errors['lockType']}
            />
            <Choice
              label={t('hardware.door.relayContact')}
              value={form.relayContact}
              onValue={(relayContact) => change({ relayContact })}
              options={relayContacts.map((v) => ({ value: v, label: t(`hardware.relayContact.${v}`) }))}
              error={errors['relayContact']}
            />
            <Choice
              label={t('hardware.door.safeState')}
              value={form.safeState}
              onValue={(safeState) => change({ safeState })}
              options={doorStates.map((v) => ({ value: v, label: t(`hardware.doorState.${v}`) }))}
              error={errors['safeState']}
            />
          </div>
          <div className="field-row">
            <Field label={t('hardware.door.openTimeMs')} value={form.openTimeMs} onValue={(openTimeMs) => change({ openTimeMs })} error={errors['openTimeMs']} inputMode="numeric" />
            <Field
              label={t('hardware.door.heldOpenSeconds')}
              value={form.heldOpenAlarmSeconds}
              onValue={(heldOpenAlarmSeconds) => change({ heldOpenAlarmSeconds })}
              error={errors['heldOpenAlarmSeconds']}
              inputMode="numeric"
            />
            <Choice
              label={t('hardware.door.contact')}
              value={form.contact}
              onValue={(contact) => change({ contact })}
              options={doorContactKinds.map((v) => ({ value: v, label: t(`hardware.doorContact.${v}`) }))}
              error={errors['contact']}
            />
            {form.contact === 'relay-input' && <DoorContactInputFields form={form} change={change} errors={errors} />}
          </div>
          <p className="hint">{t('hardware.door.lockHint')}</p>
        </fieldset>
        <button type="submit" disabled={busy}>
          {t('hardware.door.save')}
        </button>
      </form>
      <ErrorMessage error={error} />
      {notice && <p role="status">{notice}</p>}
    </section>
  );
}
