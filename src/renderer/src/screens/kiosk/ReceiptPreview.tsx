import { useTranslation } from 'react-i18next';

/** The receipt on screen, as printed or e-mailed, with what happened to it; Finish ends the visit. */
export function ReceiptPreview({ lines, printed, printFailed, emailed, onDone }: { lines: string[]; printed: boolean; printFailed: boolean; emailed: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="receipt-preview-title">
      <h2 id="receipt-preview-title">{t('kiosk.receipt.preview')}</h2>
      {printed && <p role="status">{t('kiosk.receipt.printed')}</p>}
      {printFailed && <p role="alert">{t('kiosk.receipt.printFailed')}</p>}
      {emailed && <p role="status">{t('kiosk.receipt.emailed')}</p>}
      <pre className="receipt" data-testid="receipt">
        {lines.join('\n')}
      </pre>
      <button type="button" onClick={onDone}>
        {t('kiosk.finish')}
      </button>
    </section>
  );
}
