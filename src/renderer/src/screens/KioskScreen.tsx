import { ClosingAnnouncement } from '../components/door/ClosingAnnouncement';
import { Button } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
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
import { useKioskWords } from './kiosk/words';
import { Welcome } from './kiosk/Welcome';

/** The borrower's self-service screen: large type, high contrast, everything reachable by keyboard. */
export function KioskScreen({ defaultLanguage }: { defaultLanguage: Language }) {
  const { t, i18n } = useTranslation();
  const { session, step, refusal, refusalWords, outcomes, settings, load, loadSettings, setStep, reset } = useKioskStore();
  const words = useKioskWords();
  const [spoken, setSpoken] = useState(false);
  useEffect(() => {
    void load();
    void loadSettings();
  }, [load, loadSettings]);

  // Back to the welcome screen in the terminal's language, nothing of the last borrower left.
  const endVisit = useCallback(() => {
    void bridge.invoke('kiosk.end', {});
    reset();
    setLanguage(defaultLanguage);
    // The next borrower gets the settings in force now (a technician or the register may have changed them).
    void loadSettings();
  }, [reset, defaultLanguage, loadSettings]);

  // Main ended the session itself (a PIN lockout, the library system's refusal): once its message is down,
  // the next person finds the terminal's language, not the last borrower's choice.
  const hadSession = useRef(false);
  useEffect(() => {
    if (session) hadSession.current = true;
    else if (hadSession.current && !refusal && step === 'welcome') {
      hadSession.current = false;
      setLanguage(defaultLanguage);
    }
  }, [session, refusal, step, defaultLanguage]);

  useEffect(() => {
    if (step !== 'goodbye') return;
    const timer = setTimeout(endVisit, 4000);
    return () => clearTimeout(timer);
  }, [step, endVisit]);

  const latest = words.refusal(refusal, refusalWords) ?? (outcomes[0] ? words.outcome(outcomes[0]) : undefined);
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
    body = <ReceiptChoice visitor={session.visitor === true} noEmail={session.noEmail === true} />;
  } else if (session?.stage === 'pin') body = <PinPad firstName={session.firstName} onCancel={endVisit} />;
  else if (session?.stage === 'active') {
    current = 'choose';
    body = <AccountView session={session} />;
  } else if (step === 'return-only' && settings.operations.return) {
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
      <ClosingAnnouncement />
      <IdleGuard
        idleSeconds={session?.idleSeconds ?? settings.idleSignOutSeconds}
        warnSeconds={settings.idleWarningSeconds}
        active={session !== null || step === 'return-only'}
        onTimeout={endVisit}
      />
      {step === 'receipt' && !session && (
        <Button size="xl" variant="outline" onClick={() => setStep('welcome')}>
          {t('kiosk.back')}
        </Button>
      )}
    </KioskFrame>
  );
}
