import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DoorOverrideRequest, DoorOverrideView } from '../../../../shared/door/override';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { formatDateTime } from '../../format';
import { ErrorMessage } from '../ErrorMessage';
import { fieldErrors } from '../../screens/technician/controls';
import { DateTimeField } from '../DateField';

/** Staff override of the door on the technician screen (issue 13): open once, hold open or lock down until a time. */
export function DoorOverrideSection() {
  const { t, i18n } = useTranslation();
  const [current, setCurrent] = useState<DoorOverrideView>(null);
  const [until, setUntil] = useState('');
  const [error, setError] = useState<AppError>();
  useEffect(() => {
    let live = true;
    void bridge.invoke('hardware.doorOverride', {}).then((result) => {
      if (live && result.ok) setCurrent(result.value);
    });
    return () => {
      live = false;
    };
  }, []);

  const send = async (action: DoorOverrideRequest['action']) => {
    setError(undefined);
    // The local date and time typed here, sent as an instant; blank is left out so main says it is missing.
    const at = until.trim() === '' ? undefined : new Date(until);
    const request: DoorOverrideRequest = { action, ...(at && !Number.isNaN(at.getTime()) ? { until: at.toISOString() } : {}) };
    const result = await bridge.invoke('hardware.setDoorOverride', request);
    if (result.ok) setCurrent(result.value);
    else setError(result.error);
  };
  const onSubmit = (event: FormEvent) => event.preventDefault();
  const errors = fieldErrors(error, '');

  return (
    <section aria-labelledby="door-override-title" className="technician-section" data-testid="door-override">
      <h2 id="door-override-title">{t('door.override.title')}</h2>
      <p className="hint">{t('door.override.hint')}</p>
      <p role="status">{current ? t(`door.override.active.${current.kind}`, { time: formatDateTime(current.until, i18n.language) }) : t('door.override.none')}</p>
      <form onSubmit={onSubmit} noValidate>
        <DateTimeField label={t('door.override.until')} value={until} onValue={setUntil} error={errors.until} />
        <div className="field-row">
          <button type="button" onClick={() => void send('open-once')}>
            {t('door.override.openOnce')}
          </button>
          <button type="button" onClick={() => void send('hold-open')}>
            {t('door.override.holdOpen')}
          </button>
          <button type="button" onClick={() => void send('lock-down')}>
            {t('door.override.lockDown')}
          </button>
          <button type="button" onClick={() => void send('clear')}>
            {t('door.override.clear')}
          </button>
        </div>
      </form>
      {!errors.until && <ErrorMessage error={error} />}
    </section>
  );
}
