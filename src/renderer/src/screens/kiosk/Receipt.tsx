import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';
import { useKioskStore } from '../../stores/kiosk';
import { Tile } from './KioskFrame';

/** Print, e-mail or no receipt; a visitor (another library's borrower) gets no e-mail here: their address is not held. */
export function ReceiptChoice({ visitor = false }: { visitor?: boolean }) {
  const { t, i18n } = useTranslation();
  const setStep = useKioskStore((s) => s.setStep);
  const [lines, setLines] = useState<string[]>();
  const [emailed, setEmailed] = useState(false);
  const finish = async (delivery: 'print' | 'email' | 'none') => {
    if (delivery !== 'none') {
      const result = await bridge.invoke('kiosk.receipt', { delivery, language: i18n.language as Language });
      if (result.ok) {
        setLines(result.value.lines);
        setEmailed(result.value.emailed);
        if (delivery === 'print') window.print();
      }
    }
    await bridge.invoke('kiosk.end', {});
    setStep('goodbye');
  };
  return (
    <>
      <h1 id="kiosk-title">{t('kiosk.receipt.title')}</h1>
      <div className="kiosk-tiles receipt-buttons">
        <Tile icon="🖨" label={t('kiosk.receipt.print')} onClick={() => void finish('print')} />
        {!visitor && <Tile icon="✉" label={t('kiosk.receipt.email')} onClick={() => void finish('email')} />}
        <Tile icon="✓" label={t('kiosk.receipt.none')} primary onClick={() => void finish('none')} />
      </div>
      {visitor && <p>{t('kiosk.receipt.visitorNoEmail')}</p>}
      {emailed && <p role="status">{t('kiosk.receipt.emailed')}</p>}
      {lines && (
        <pre className="receipt" data-testid="receipt">
          {lines.join('\n')}
        </pre>
      )}
    </>
  );
}
