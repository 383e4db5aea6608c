import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';
import { useKioskStore } from '../../stores/kiosk';

export function ReceiptChoice() {
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
      <div className="receipt-buttons">
        <button type="button" onClick={() => void finish('print')}>
          {t('kiosk.receipt.print')}
        </button>
        <button type="button" onClick={() => void finish('email')}>
          {t('kiosk.receipt.email')}
        </button>
        <button type="button" onClick={() => void finish('none')}>
          {t('kiosk.receipt.none')}
        </button>
      </div>
      {emailed && <p role="status">{t('kiosk.receipt.emailed')}</p>}
      {lines && (
        <pre className="receipt" data-testid="receipt">
          {lines.join('\n')}
        </pre>
      )}
    </>
  );
}
