import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';
import { useKioskStore } from '../../stores/kiosk';
import { ReceiptPreview } from './ReceiptPreview';
import { Tile } from './KioskFrame';

/** Print, e-mail or no receipt; a visitor (another library's borrower) gets no e-mail here: their address is not held. */
export function ReceiptChoice({ visitor = false }: { visitor?: boolean }) {
  const { t, i18n } = useTranslation();
  const setStep = useKioskStore((s) => s.setStep);
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
  if (receipt) return <ReceiptPreview {...receipt} onDone={() => void end()} />;
  return (
    <>
      <h1 id="kiosk-title">{t('kiosk.receipt.title')}</h1>
      <div className="kiosk-tiles receipt-buttons">
        <Tile icon="🖨" label={t('kiosk.receipt.print')} onClick={() => void finish('print')} />
        {!visitor && <Tile icon="✉" label={t('kiosk.receipt.email')} onClick={() => void finish('email')} />}
        <Tile icon="✓" label={t('kiosk.receipt.none')} primary onClick={() => void finish('none')} />
      </div>
      {visitor && <p>{t('kiosk.receipt.visitorNoEmail')}</p>}
    </>
  );
}
