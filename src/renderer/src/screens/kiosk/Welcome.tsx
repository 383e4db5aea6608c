import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';
import { LanguageButtons } from '../../components/LanguageButtons';
import { useKioskStore } from '../../stores/kiosk';
import { StaffExit } from './StaffExit';

export function Welcome() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { refusal, setRefusal, setStep } = useKioskStore();
  const [card, setCard] = useState('');
  const identify = async () => {
    const value = card.trim();
    if (!value) return setRefusal(t('kiosk.error.cardRequired'));
    // Digits with a dash or 10-12 digits: an identity number; anything else a library card number.
    const typed = /^\d{6}[-+]?\d{4}$|^\d{8}[-+]?\d{4}$/.test(value) ? { identityNumber: value } : { cardNumber: value };
    const result = await bridge.invoke('kiosk.identify', { ...typed, language: i18n.language as Language });
    setCard('');
    if (!result.ok) return setRefusal(result.error.message);
  };
  return (
    <>
      <h1 id="kiosk-title">{t('kiosk.welcome')}</h1>
      <p className="kiosk-instructions">{t('kiosk.instructions')}</p>
      {refusal && (
        <p role="alert" className="refusal">
          {refusal}
        </p>
      )}
      <form
        className="card-form"
        onSubmit={(e) => {
          e.preventDefault();
          void identify();
        }}
      >
        <label htmlFor={id}>{t('kiosk.typeCard')}</label>
        <input id={id} value={card} onChange={(e) => setCard(e.target.value)} autoComplete="off" inputMode="numeric" />
        <button type="submit">{t('kiosk.continue')}</button>
      </form>
      <button type="button" className="secondary" onClick={() => setStep('return-only')}>
        {t('kiosk.returnOnly')}
      </button>
      <LanguageButtons label={t('kiosk.chooseLanguage')} />
      <StaffExit />
    </>
  );
}
