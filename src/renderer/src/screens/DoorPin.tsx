import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge } from '../bridge';

/** The PIN for the card just read at the door (when the branch's door policy asks for one). */
export function DoorPin() {
  const { t } = useTranslation();
  const id = useId();
  const [pin, setPin] = useState('');
  return (
    <form
      className="pin-form door-pin"
      onSubmit={(e) => {
        e.preventDefault();
        // The answer comes back as a kiosk.door event (shown above); clear the field either way.
        void bridge.invoke('kiosk.doorPin', { pin }).then(() => setPin(''));
      }}
    >
      <label htmlFor={id}>{t('kiosk.pin.title')}</label>
      <input id={id} type="password" inputMode="numeric" autoComplete="off" value={pin} maxLength={8} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} autoFocus />
      <button type="submit">{t('kiosk.pin.submit')}</button>
    </form>
  );
}
