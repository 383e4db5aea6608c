import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { buildHealthCardTracks } from '../../../../shared/cards';
import { missingCaseError, type AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useReferenceNames } from '../../components/reference';
import { useHardwareStore, type LiveEntry } from '../../stores/hardware';
import { Choice, Field } from './controls';
import { useDeviceLabel } from './DevicesSection';
import { localeOf } from '../../format';

/** A fictitious Danish health card for trying a reader without a real one. */
const sampleHealthCard = (() => {
  const { track1, track2 } = buildHealthCardTracks({ cpr: '1503851004', surname: 'Testesen', given: 'Marie', address: 'Søndergade 12', postcode: '2100' });
  return `${track1}${track2}`;
})();

/** Everything the readers, the relay and the door report, latest first, plus a card simulator. */
export function LiveSection() {
  const { t } = useTranslation();
  const log = useHardwareStore((s) => s.log);
  const clearLog = useHardwareStore((s) => s.clearLog);

  return (
    <section aria-labelledby="live-title" className="technician-section">
      <h2 id="live-title">{t('hardware.live.title')}</h2>
      <SimulateCard />
      <div className="actions">
        <button type="button" onClick={clearLog}>
          {t('hardware.live.clear')}
        </button>
      </div>
      {/* The log region scrolls, so it takes focus (keyboard scrolling); the list inside keeps list semantics. */}
      <div role="log" aria-labelledby="live-title" className="live-log" data-testid="live-log" tabIndex={0}>
        <ol>
          {log.map((entry) => (
            <li key={entry.id} className={`live-${entry.type}`} data-testid={`live-${entry.type}`}>
              <LiveLine entry={entry} />
            </li>
          ))}
        </ol>
      </div>
      {log.length === 0 && <p>{t('hardware.live.empty')}</p>}
    </section>
  );
}

function useTime(): (iso: string) => string {
  const { i18n } = useTranslation();
  return (iso) => new Date(iso).toLocaleTimeString(localeOf(i18n.language), { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A reason code in words: card decoding reasons, then transport reasons, else the code itself. */
function useReason(): (reason: string) => string {
  const { t, i18n } = useTranslation();
  return (reason) => {
    for (const key of [`card.reason.${reason}`, `hardware.reason.${reason}`]) if (i18n.exists(key)) return t(key);
    return reason;
  };
}

function LiveLine({ entry }: { entry: LiveEntry }) {
  const { t } = useTranslation();
  const time = useTime();
  const reason = useReason();
  const names = useReferenceNames();
  const deviceLabel = useDeviceLabel();
  const stamp = <time dateTime={entry.at}>{time(entry.at)}</time>;
  switch (entry.type) {
    case 'raw':
      return (
        <>
          {stamp} <strong>{entry.readerId}</strong> {t('hardware.live.raw', { count: entry.length })} <code className="hex">{entry.hex}</code>{' '}
          <code>{entry.text}</code>
        </>
      );
    case 'read': {
      const access = entry.access;
      let outcome = '';
      if (access) {
        if (!access.allowed) outcome = t('hardware.live.refused', { reason: names.doorReason(access.reason ?? '') });
        else if (access.opened) outcome = t('hardware.live.opened');
        else outcome = t('hardware.live.notOpened', { reason: reason(access.failure ?? '') });
      }
      return (
        <>
          {stamp} <strong>{entry.readerId}</strong> {t('hardware.live.read')}{' '}
          <span data-testid="read-value">{t(`hardware.credential.${entry.credential.kind}`, { defaultValue: entry.credential.kind })}</span>{' '}
          <code data-testid="read-credential">{entry.credential.value}</code>
          {entry.initials ? ` (${entry.initials})` : ''}
          {outcome ? ` — ${outcome}` : ''}
        </>
      );
    }
    case 'readError':
      return (
        <>
          {stamp} <strong>{entry.readerId}</strong> {t('hardware.live.notRead', { reason: reason(entry.reason) })}
        </>
      );
    case 'readerStatus':
      return (
        <>
          {stamp} <strong>{entry.readerId}</strong> {t(`hardware.status.${entry.status}`)}
        </>
      );
    case 'relayStatus':
      return (
        <>
          {stamp} {t('hardware.live.relay', { status: t(`hardware.status.${entry.status}`) })}
          {entry.error ? ` (${reason(entry.error)})` : ''}
        </>
      );
    case 'door':
      return (
        <>
          {stamp} {t(`hardware.live.door.${entry.state}`)}
        </>
      );
    case 'doorAlarm':
      return (
        <>
          {stamp} {t(entry.active ? 'hardware.live.alarm' : 'hardware.live.alarmCleared', { alarm: t(`hardware.alarm.${entry.alarm}`) })}
        </>
      );
    case 'device':
      return (
        <>
          {stamp} {t(`hardware.live.device.${entry.change}`, { device: deviceLabel(entry.device) })} <code>{entry.device.path}</code>
        </>
      );
    default:
      throw missingCaseError(entry);
  }
}

/** Presents a card at a simulated reader, and unplugs or replugs it. */
function SimulateCard() {
  const { t } = useTranslation();
  const settings = useHardwareStore((s) => s.settings);
  const readerStatus = useHardwareStore((s) => s.readerStatus);
  const simulated = (settings?.readers ?? []).filter((r) => r.kind === 'simulated' && r.enabled !== false);
  const [chosen, setChosen] = useState('');
  const [card, setCard] = useState('');
  const [error, setError] = useState<AppError | undefined>();
  if (simulated.length === 0) return null;
  const readerId = simulated.some((r) => r.id === chosen) ? chosen : (simulated[0]?.id ?? '');
  const connected = readerStatus[readerId] === 'connected';

  const present = async (event: FormEvent) => {
    event.preventDefault();
    const result = await bridge.invoke('hardware.simulateCard', { readerId, text: card });
    setError(result.ok ? undefined : result.error);
  };
  const plug = async () => {
    const result = await bridge.invoke('hardware.simulateDevice', { target: 'reader', readerId, connected: !connected });
    setError(result.ok ? undefined : result.error);
  };

  return (
    <form onSubmit={(e) => void present(e)} className="simulate" noValidate aria-labelledby="simulate-title">
      <h3 id="simulate-title">{t('hardware.simulate.title')}</h3>
      {simulated.length > 1 && (
        <Choice label={t('hardware.simulate.reader')} value={readerId} onValue={setChosen} options={simulated.map((r) => ({ value: r.id, label: r.name ?? `${t('hardware.simulate.reader')} (${r.id})` }))} />
      )}
      <Field label={t('hardware.simulate.card')} value={card} onValue={setCard} autoComplete="off" spellCheck={false} hint={t('hardware.simulate.hint')} />
      <div className="actions">
        <button type="button" onClick={() => setCard(sampleHealthCard)}>
          {t('hardware.simulate.sample')}
        </button>
        <button type="submit">{t('hardware.simulate.present')}</button>
        <button type="button" onClick={() => void plug()}>
          {connected ? t('hardware.simulate.unplug') : t('hardware.simulate.plugIn')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
