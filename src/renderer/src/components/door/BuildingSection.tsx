import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  buildingFunctions,
  lockUpStatuses,
  lockUpSteps,
  type BuildingFunction,
  type BuildingView,
  type LockUpRequest,
  type LockUpStatus,
  type LockUpStep,
} from '../../../../shared/door/building';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { useHardwareStore } from '../../stores/hardware';
import { formatDateTime } from '../../format';
import { ErrorMessage } from '../ErrorMessage';
import { BuildingSettingsForm } from './BuildingSettingsForm';

function parseDetail(detail: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(detail);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
const isFunction = (v: unknown): v is BuildingFunction => typeof v === 'string' && (buildingFunctions as readonly string[]).includes(v);
const isStep = (v: unknown): v is LockUpStep => typeof v === 'string' && (lockUpSteps as readonly string[]).includes(v);
const isStatus = (v: unknown): v is LockUpStatus => typeof v === 'string' && (lockUpStatuses as readonly string[]).includes(v);

/**
 * The building on the technician screen (issue 14): each output with its state and test buttons, the occupancy
 * estimate, the lock-up with cancel and delay, the building log, and the form that maps the outputs.
 */
export function BuildingSection() {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<BuildingView | null>(null);
  const [error, setError] = useState<AppError>();
  // Saved settings (this section's form, an import) change the outputs: looked at again at once.
  const settings = useHardwareStore((s) => JSON.stringify(s.settings?.building ?? null));
  useEffect(() => {
    let live = true;
    const load = () =>
      void bridge.invoke('hardware.building', {}).then((result) => {
        if (live && result.ok) setView(result.value);
      });
    load();
    // The lock-up and the outputs move by themselves: looked at again every 5 s while the section is shown.
    const timer = setInterval(load, 5000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [settings]);

  const test = async (channel: number, on: boolean) => {
    setError(undefined);
    const result = await bridge.invoke('hardware.testBuildingOutput', { channel, on });
    if (result.ok) setView(result.value);
    else setError(result.error);
  };
  const lockUp = async (request: LockUpRequest) => {
    setError(undefined);
    const result = await bridge.invoke('hardware.setLockUp', request);
    if (result.ok) setView(result.value);
    else setError(result.error);
  };
  /** A log entry in words: an output and its state, a lock-up step, else the recorded details as they are. */
  const describe = (detail: string): string => {
    const d = parseDetail(detail);
    if (d && isFunction(d.function) && typeof d.on === 'boolean') return `${t(`door.building.function.${d.function}`)}: ${t(d.on ? 'door.building.on' : 'door.building.off')}`;
    if (d && isStep(d.step) && isStatus(d.status)) return `${t(`door.building.step.${d.step}`)} (${t(`door.building.status.${d.status}`)})`;
    return detail;
  };
  const running = view?.lockUp && view.lockUp.status !== 'done' && view.lockUp.status !== 'cancelled';

  return (
    <section aria-labelledby="building-title" className="technician-section" data-testid="building">
      <h2 id="building-title">{t('door.building.title')}</h2>
      <p className="hint">{t('door.building.hint')}</p>
      {view && view.outputs.length === 0 && <p>{t('door.building.noOutputs')}</p>}
      <ul className="building-outputs">
        {view?.outputs.map((o) => (
          <li key={o.channel} data-testid={`building-output-${o.channel}`}>
            {t(`door.building.function.${o.function}`)} ({t('door.building.channel', { channel: o.channel })}):{' '}
            <strong>{o.on === null ? t('door.building.unknown') : t(o.on ? 'door.building.on' : 'door.building.off')}</strong>{' '}
            <button type="button" onClick={() => void test(o.channel, true)}>
              {t('door.building.testOn')}
            </button>{' '}
            <button type="button" onClick={() => void test(o.channel, false)}>
              {t('door.building.testOff')}
            </button>
          </li>
        ))}
      </ul>
      <p data-testid="building-occupancy">{t('door.building.occupancy', { count: view?.occupancy ?? 0 })}</p>
      <p role="status" data-testid="building-lockup">
        {view?.lockUp
          ? t('door.building.lockUp', {
              closesAt: formatDateTime(view.lockUp.closesAt, i18n.language),
              step: t(`door.building.step.${view.lockUp.step}`),
              status: t(`door.building.status.${view.lockUp.status}`),
            })
          : t('door.building.lockUp.none')}
      </p>
      {running && (
        <div className="field-row">
          <button type="button" onClick={() => void lockUp({ action: 'delay', minutes: 15 })}>
            {t('door.building.lockUp.delay')}
          </button>
          <button type="button" onClick={() => void lockUp({ action: 'cancel' })}>
            {t('door.building.lockUp.cancel')}
          </button>
        </div>
      )}
      <ErrorMessage error={error} />
      {view && view.log.length > 0 && (
        <details>
          <summary>{t('door.building.log')}</summary>
          <ol className="building-log" data-testid="building-log">
            {view.log.map((entry, index) => (
              <li key={`${entry.at}-${index}`}>
                {formatDateTime(entry.at, i18n.language)} {describe(entry.detail)}
              </li>
            ))}
          </ol>
        </details>
      )}
      <BuildingSettingsForm />
    </section>
  );
}
