import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useKioskStore } from '../../stores/kiosk';

/** One field for scanned or typed item numbers; a barcode scanner types the number and Enter. */
export function ItemForm({ action }: { action: 'kiosk.checkout' | 'kiosk.checkin' | 'kiosk.renew' }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const addOutcome = useKioskStore((s) => s.addOutcome);
  const [value, setValue] = useState('');
  const [error, setError] = useState<AppError>();
  const input = useRef<HTMLInputElement>(null);
  const submit = async () => {
    const result = await bridge.invoke(action, { itemId: value, language: i18n.language as Language });
    if (result.ok) {
      addOutcome(result.value);
      setValue('');
      setError(undefined);
    } else setError(result.error);
    input.current?.focus();
  };
  return (
    <form
      className="item-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p id={`${id}-help`}>{t('kiosk.scanItem')}</p>
      <label htmlFor={id}>{t('kiosk.itemNumber')}</label>
      <input id={id} ref={input} value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" autoFocus aria-describedby={`${id}-help`} />
      <button type="submit">{action === 'kiosk.checkin' ? t('kiosk.return') : t('kiosk.add')}</button>
      <ErrorMessage error={error} />
    </form>
  );
}

export function Outcomes() {
  const outcomes = useKioskStore((s) => s.outcomes);
  return (
    <ul className="outcomes" aria-live="polite" aria-relevant="additions">
      {outcomes.map((o, i) => (
        <li key={`${o.itemId}-${outcomes.length - i}`} className={o.ok ? 'ok' : 'refused'} data-testid="kiosk-outcome">
          {o.message}
        </li>
      ))}
    </ul>
  );
}
