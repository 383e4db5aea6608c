import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';
import { useKioskStore } from '../../stores/kiosk';
import { useKioskGreeting } from './greeting';
import { PinField } from './PinField';
import { useKioskWords } from './words';

/** PIN by keyboard or on-screen keys (large, for touch and switch users); Cancel ends the session. */
export function PinPad({ firstName, onCancel }: { firstName: string; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const greeting = useKioskGreeting(firstName);
  const { refusal, refusalWords, setRefusal } = useKioskStore();
  const words = useKioskWords();
  const [pin, setPin] = useState('');
  const submit = async () => {
    const result = await bridge.invoke('kiosk.pin', { pin, language: i18n.language as Language });
    setPin('');
    if (!result.ok) {
      const issue = result.error.issues?.[0]?.message;
      return issue ? setRefusal(issue) : setRefusal(result.error.message, { code: result.error.code, ...(result.error.params ? { params: result.error.params } : {}) });
    }
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
        <PinField pin={pin} onChange={setPin} className="pin-field" />
        <div className="pin-keys" role="group" aria-label={t('kiosk.pin.label')}>
          {['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((d) => (
            <Button key={d} variant="default" size="xl" onClick={() => setPin((p) => (p + d).slice(0, 8))}>
              {d}
            </Button>
          ))}
          <Button variant="default" size="xl" onClick={() => setPin('')}>
            {t('kiosk.pin.clear')}
          </Button>
          <Button type="submit" size="xl">
            {t('kiosk.pin.submit')}
          </Button>
        </div>
      </form>
      <Button variant="outline" size="xl" onClick={onCancel}>
        {t('kiosk.pin.cancel')}
      </Button>
      {refusal && (
        <p role="alert" className="refusal">
          {words.refusal(refusal, refusalWords)}
        </p>
      )}
    </>
  );
}
