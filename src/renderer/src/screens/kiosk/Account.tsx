import { Button } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskSession, Language, Response } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDate, formatMoney } from '../../format';
import { useKioskStore } from '../../stores/kiosk';
import { useKioskGreeting } from './greeting';
import { CacheNote } from './CacheNote';
import { ItemForm, Outcomes } from './ItemForm';
import { RfidPad } from './RfidPad';
import { Tile } from './KioskFrame';

type Account = Response<'kiosk.account'>;
type Tab = 'borrow' | 'return' | 'renew';
const tabIcons: Record<Tab, string> = { borrow: '+', return: '↩', renew: '⟳' };

export function AccountView({ session }: { session: KioskSession }) {
  const { t, i18n } = useTranslation();
  const greeting = useKioskGreeting(session.firstName);
  const { setStep, addOutcome, outcomes, settings } = useKioskStore();
  // Only what the kiosk's settings allow gets a tile (main refuses the rest too).
  const tabs = (['borrow', 'return', 'renew'] as const).filter((name) => settings.operations[name]);
  const [chosen, setTab] = useState<Tab>();
  const tab = chosen && tabs.includes(chosen) ? chosen : tabs[0];
  const [account, setAccount] = useState<Account>();
  const [error, setError] = useState<AppError>();
  useEffect(() => {
    let live = true;
    void bridge.invoke('kiosk.account', {}).then((r) => {
      if (!live) return;
      if (r.ok) setAccount(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [outcomes.length]);

  const renew = async (itemId: string) => {
    const result = await bridge.invoke('kiosk.renew', { itemId, language: i18n.language as Language });
    if (result.ok) addOutcome(result.value);
    else setError(result.error);
  };

  return (
    <>
      <h1 id="kiosk-title">{greeting}</h1>
      <nav className="kiosk-tiles" aria-label={t('kiosk.loans')}>
        {tabs.map((name) => (
          <Tile key={name} icon={tabIcons[name]} label={t(`kiosk.${name}`)} pressed={tab === name} onClick={() => setTab(name)} />
        ))}
      </nav>
      <div className="kiosk-columns">
        <div>
          {tab === 'borrow' && <ItemForm action="kiosk.checkout" />}
          {tab === 'return' && <ItemForm action="kiosk.checkin" />}
          <RfidPad mode={tab === 'borrow' || tab === 'return' ? tab : 'off'} />
          <Outcomes />
          <ErrorMessage error={error} />
        </div>
        {account && (
          <section aria-labelledby="loans-title" className="loans">
            <h2 id="loans-title">{t('kiosk.loans')}</h2>
            <CacheNote fromCache={account.fromCache} />
            {session.visitor ? <p>{t('kiosk.visitorLoans')}</p> : account.loans.length === 0 && !account.fromCache && <p>{t('kiosk.noLoans')}</p>}
            <ul className="kiosk-list">
              {account.loans.map((l) => (
                <li key={l.itemId} data-testid="kiosk-loan">
                  <span>
                    <span className="title">{l.title}</span>
                    <br />
                    <span>{t('kiosk.dueDate', { date: formatDate(l.dueDate, i18n.language, 'long') })}</span>
                    {l.overdue && <strong className="refusal"> {t('kiosk.overdue')}</strong>}
                  </span>
                  {tab === 'renew' && (
                    <Button size="xl" onClick={() => void renew(l.itemId)}>
                      {t('kiosk.renewItem', { title: l.title })}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
            {account.holdsReady.length > 0 && (
              <>
                <h2>{t('kiosk.holdsReady')}</h2>
                <ul className="kiosk-list">
                  {account.holdsReady.map((h) => (
                    <li key={h.itemId}>
                      <span className="title">{h.title}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {account.feesCents > 0 && <p>{t('kiosk.fees', { amount: formatMoney(account.feesCents, account.currency, i18n.language) })}</p>}
          </section>
        )}
      </div>
      <Button size="xl" className="finish" onClick={() => setStep('receipt')}>
        {t('kiosk.finish')}
      </Button>
    </>
  );
}
