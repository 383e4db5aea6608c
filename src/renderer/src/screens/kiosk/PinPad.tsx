import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';
import { useKioskStore } from '../../stores/kiosk';
import { useKioskGreeting } from './greeting';

/** PIN by keyboard or on-screen keys (large, for touch and switch users); Cancel ends the session. */
export function PinPad({ firstName, onCancel }: { firstName: string; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const greeting = useKioskGreeting(firstName);
  const id = useId();
  const { refusal, setRefusal } = useKioskStore();
  const [pin, setPin] = useState('');
  const submit = async () => {
    const result = await bridge.invoke('kiosk.pin', { pin, language: i18n.language as Language });
    setPin('');
    if (!result.ok) return setRefusal(result.error.issues?.[0]?.message ?? result.error.message);
  };
  return (
    <>
      <h1 id="kiosk-title">{greeting}</h1>
      <form
        className="pin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label htmlFor={id}>{t('kiosk.pin.title')}</label>
        <input id={id} type="password" inputMode="numeric" autoComplete="off" value={pin} maxLength={8} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} autoFocus />
        <div className="pin-keys" role="group" aria-label={t('kiosk.pin.label')}>
          {['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((d) => (
            <button key={d} type="button" onClick={() => setPin((p) => (p + d).slice(0, 8))}>
              {d}
            </button>
          ))}
          <button type="button" onClick={() => setPin('')}>
            {t('kiosk.pin.clear')}
          </button>
          <button type="submit">{t('kiosk.pin.submit')}</button>
        </div>
      </form>
      <button type="button" className="secondary" onClick={onCancel}>
        {t('kiosk.pin.cancel')}
      </button>
      {refusal && (
        <p role="alert" className="refusal">
          {refusal}
        </p>
      )}
    </>
  );
}
