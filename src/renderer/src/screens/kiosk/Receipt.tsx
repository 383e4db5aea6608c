import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';
import { receiptDeliveries } from '../../../../shared/kiosk/settings';
import { useKioskStore } from '../../stores/kiosk';
import { ReceiptPreview } from './ReceiptPreview';
import { Tile } from './KioskFrame';

/**
 * Print, e-mail or no receipt, as the kiosk's receipt setting says: the borrower chooses ('ask'), or it is printed
 * or e-mailed at once, or the visit just ends ('none'). A visitor (another library's borrower) gets no e-mail here:
 * their address is not held; nor does a borrower who gave none (optional at Danish libraries).
 */
export function ReceiptChoice({ visitor = false, noEmail = false }: { visitor?: boolean; noEmail?: boolean }) {
  const { t, i18n } = useTranslation();
  const setStep = useKioskStore((s) => s.setStep);
  const mode = useKioskStore((s) => s.settings.receipt);
  const offered = receiptDeliveries(mode, visitor || noEmail);
  const [receipt, setReceipt] = useState<{ lines: string[]; emailed: boolean; printed: boolean; printFailed: boolean }>();
  const end = async () => {
    await bridge.invoke('kiosk.end', {});
    setStep('goodbye');
  };
  const finish = async (delivery: 'print' | 'email' | 'none') => {
    if (delivery === 'none') return end();
    const result = await bridge.invoke('kiosk.receipt', { delivery, language: i18n.language as Language });
    if (!result.ok) return end();
    const { lines, emailed, printed = false, printFailed = false } = result.value;
    // No receipt printer configured: the page prints it.
    if (delivery === 'print' && !printed && !printFailed) window.print();
    setReceipt({ lines, emailed, printed, printFailed });
  };
  // Nothing to choose: do what the setting says, once.
  const decided = useRef(false);
  useEffect(() => {
    if (mode === 'ask' || decided.current) return;
    decided.current = true;
    void finish(offered[0] ?? 'none');
  });
  if (receipt) return <ReceiptPreview {...receipt} onDone={() => void end()} />;
  if (mode !== 'ask') return <h1 id="kiosk-title">{t('kiosk.receipt.title')}</h1>;
  return (
    <>
      <h1 id="kiosk-title">{t('kiosk.receipt.title')}</h1>
      <div className="kiosk-tiles receipt-buttons">
        {offered.includes('print') && <Tile icon="🖨" label={t('kiosk.receipt.print')} onClick={() => void finish('print')} />}
        {offered.includes('email') && <Tile icon="✉" label={t('kiosk.receipt.email')} onClick={() => void finish('email')} />}
        <Tile icon="✓" label={t('kiosk.receipt.none')} primary onClick={() => void finish('none')} />
      </div>
      {visitor && <p>{t('kiosk.receipt.visitorNoEmail')}</p>}
      {noEmail && <p>{t('kiosk.receipt.noEmail')}</p>}
    </>
  );
}
