import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';
import { useKioskStore } from '../../stores/kiosk';
import { Tile } from './KioskFrame';
import { useKioskWords } from './words';

export function Welcome() {
  const { t, i18n } = useTranslation();
  const { refusal, refusalWords, setRefusal, setStep, settings } = useKioskStore();
  const words = useKioskWords();
  const [card, setCard] = useState('');
  const identify = async () => {
    const value = card.trim();
    if (!value) return setRefusal(t('kiosk.error.cardRequired'));
    // Digits with a dash or 10-12 digits: an identity number; anything else a library card number.
    const typed = /^\d{6}[-+]?\d{4}$|^\d{8}[-+]?\d{4}$/.test(value) ? { identityNumber: value } : { cardNumber: value };
    const result = await bridge.invoke('kiosk.identify', { ...typed, language: i18n.language as Language });
    setCard('');
    if (!result.ok) return setRefusal(result.error.message, { code: result.error.code, ...(result.error.params ? { params: result.error.params } : {}) });
  };
  return (
    <>
      <h1 id="kiosk-title">{t('kiosk.welcome')}</h1>
      <div className="kiosk-hero">
        <span className="hero-card" aria-hidden />
        <p className="kiosk-instructions">{t('kiosk.instructions')}</p>
      </div>
      {refusal && (
        <p role="alert" className="refusal">
          {words.refusal(refusal, refusalWords)}
        </p>
      )}
      <form
        className="card-form"
        onSubmit={(e) => {
          e.preventDefault();
          void identify();
        }}
      >
        <Group align="flex-end" gap="md">
          <TextInput
            label={t('kiosk.typeCard')}
            value={card}
            onChange={(e) => setCard(e.currentTarget.value)}
            autoComplete="off"
            inputMode="numeric"
            size="xl"
            className="grow"
          />
          <Button type="submit" size="xl">
            {t('kiosk.continue')}
          </Button>
        </Group>
      </form>
      {settings.operations.return && (
        <div className="kiosk-tiles">
          <Tile icon="↩" label={t('kiosk.returnOnly')} onClick={() => setStep('return-only')} />
        </div>
      )}
    </>
  );
}
