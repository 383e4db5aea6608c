import { Button } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/ipc/contract';
import { bridge } from '../bridge';
import { setLanguage } from '../i18n';
import { useKioskStore } from '../stores/kiosk';
import { AccountView } from './kiosk/Account';
import { IdleGuard } from './kiosk/IdleGuard';
import { ItemForm, Outcomes } from './kiosk/ItemForm';
import { KioskFrame, type KioskStepName } from './kiosk/KioskFrame';
import { PinPad } from './kiosk/PinPad';
import { ReceiptChoice } from './kiosk/Receipt';
import { RfidPad } from './kiosk/RfidPad';
import { speak } from './kiosk/speech';
import { StaffExit } from './kiosk/StaffExit';
import { Welcome } from './kiosk/Welcome';

/** The borrower's self-service screen: large type, high contrast, everything reachable by keyboard. */
export function KioskScreen({ defaultLanguage }: { defaultLanguage: Language }) {
  const { t, i18n } = useTranslation();
  const { session, step, refusal, outcomes, load, setStep, reset } = useKioskStore();
  const [spoken, setSpoken] = useState(false);
  useEffect(() => {
    void load();
  }, [load]);

  // Back to the welcome screen in the terminal's language, nothing of the last borrower left.
  const endVisit = useCallback(() => {
    void bridge.invoke('kiosk.end', {});
    reset();
    setLanguage(defaultLanguage);
  }, [reset, defaultLanguage]);

  useEffect(() => {
    if (step !== 'goodbye') return;
    const timer = setTimeout(endVisit, 4000);
    return () => clearTimeout(timer);
  }, [step, endVisit]);

  const latest = refusal ?? outcomes[0]?.message;
  useEffect(() => {
    if (latest) speak(latest, i18n.language, spoken);
  }, [latest, spoken, i18n.language]);

  let body;
  let current: KioskStepName = 'identify';
  if (step === 'goodbye') {
    current = 'receipt';
    body = <h1 id="kiosk-title">{t('kiosk.goodbye')}</h1>;
  } else if (step === 'receipt' && session) {
    current = 'receipt';
    body = <ReceiptChoice visitor={session.visitor === true} />;
  } else if (session?.stage === 'pin') body = <PinPad firstName={session.firstName} onCancel={endVisit} />;
  else if (session?.stage === 'active') {
    current = 'choose';
    body = <AccountView session={session} />;
  } else if (step === 'return-only') {
    current = 'choose';
    body = (
      <>
        <h1 id="kiosk-title">{t('kiosk.returnOnly')}</h1>
        <ItemForm action="kiosk.checkin" />
        <RfidPad mode="return" />
        <Outcomes />
        <Button size="xl" variant="outline" onClick={endVisit}>
          {t('kiosk.finish')}
        </Button>
      </>
    );
  } else body = <Welcome />;

  return (
    <KioskFrame step={current} spoken={spoken} onSpoken={setSpoken} footer={!session && step === 'welcome' ? <StaffExit /> : null}>
      {body}
      <IdleGuard idleSeconds={session?.idleSeconds ?? 90} active={session !== null || step === 'return-only'} onTimeout={endVisit} />
      {step === 'receipt' && !session && (
        <Button size="xl" variant="outline" onClick={() => setStep('welcome')}>
          {t('kiosk.back')}
        </Button>
      )}
    </KioskFrame>
  );
}
