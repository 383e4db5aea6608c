import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge } from '../../bridge';

/** Staff leave the locked-down kiosk with their PIN; nothing else gets out of it. */
export function StaffExit() {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [pin, setPin] = useState('');
  // Wrong PIN, or the main process's localized "try again in …" while the exit is locked.
  const [message, setMessage] = useState<string | undefined>();
  if (!open) {
    return (
      <button type="button" className="staff-button" onClick={() => setOpen(true)}>
        {t('kiosk.staff')}
      </button>
    );
  }
  return (
    <form
      className="staff-exit"
      onSubmit={(e) => {
        e.preventDefault();
        void bridge.invoke('kiosk.staffExit', { pin }).then((r) => {
          setPin('');
          setMessage(!r.ok ? r.error.message : r.value.ok ? undefined : t('kiosk.staff.wrong'));
        });
      }}
    >
      <label htmlFor={id}>{t('kiosk.staff.pin')}</label>
      <input id={id} type="password" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" />
      <button type="submit">{t('kiosk.staff.exit')}</button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('kiosk.back')}
      </button>
      {message && <p role="alert">{message}</p>}
    </form>
  );
}
