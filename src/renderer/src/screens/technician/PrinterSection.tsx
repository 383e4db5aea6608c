import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { receiptPrinterLanguages, type ReceiptPrinterSetting } from '../../../../shared/hardware/settings';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useHardwareStore } from '../../stores/hardware';
import { Choice, Field, fieldErrors, numberOrUndefined, text, Toggle } from './controls';

const bauds = ['9600', '19200', '38400', '57600', '115200'];

/** The kiosk's receipt printer: serial port, speed, command set (ESC/POS or StarPRNT) and line width. */
export function PrinterSection() {
  const settings = useHardwareStore((s) => s.settings);
  // The form starts from the stored settings, once they are loaded.
  return settings ? <PrinterForm current={settings.printer} /> : null;
}

function PrinterForm({ current }: { current: ReceiptPrinterSetting | null }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(() => ({
    enabled: current !== null,
    path: current?.path ?? '',
    baudRate: text(current?.baudRate ?? 9600),
    language: current?.language ?? 'esc-pos',
    columns: text(current?.columns ?? 42),
  }));
  const [error, setError] = useState<AppError>();
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(error, 'printer');
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const printer = form.enabled
      ? ({ path: form.path.trim(), baudRate: numberOrUndefined(form.baudRate), language: form.language, columns: numberOrUndefined(form.columns) } as ReceiptPrinterSetting)
      : null;
    const result = await bridge.invoke('hardware.applyPrinter', { printer });
    if (!result.ok) return setError(result.error);
    setError(undefined);
    useHardwareStore.setState({ settings: result.value });
    setSaved(true);
  };
  return (
    <section aria-labelledby="printer-title" className="technician-section">
      <h2 id="printer-title">{t('hardware.printer.title')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <Toggle label={t('hardware.printer.enabled')} checked={form.enabled} onChecked={(enabled) => setForm({ ...form, enabled })} />
        {form.enabled && (
          <>
            <Field label={t('hardware.printer.path')} value={form.path} onValue={(path) => setForm({ ...form, path })} error={errors['path']} placeholder="/dev/ttyUSB0" />
            <Choice label={t('hardware.printer.baud')} value={form.baudRate} onValue={(baudRate) => setForm({ ...form, baudRate })} options={bauds.map((b) => ({ value: b, label: b }))} />
            <Choice
              label={t('hardware.printer.language')}
              value={form.language}
              onValue={(language) => setForm({ ...form, language: language as ReceiptPrinterSetting['language'] })}
              options={receiptPrinterLanguages.map((l) => ({ value: l, label: l === 'esc-pos' ? 'ESC/POS' : 'StarPRNT' }))}
            />
            <Field label={t('hardware.printer.columns')} value={form.columns} onValue={(columns) => setForm({ ...form, columns })} error={errors['columns']} inputMode="numeric" />
          </>
        )}
        <button type="submit">{t('hardware.printer.save')}</button>
        {saved && <p role="status">{t('hardware.printer.saved')}</p>}
        <ErrorMessage error={error} />
      </form>
    </section>
  );
}
