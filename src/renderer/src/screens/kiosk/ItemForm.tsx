import { Button, Group, TextInput } from '@mantine/core';
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
      <p id={`${id}-help`} className="kiosk-instructions">
        {t('kiosk.scanItem')}
      </p>
      <Group align="flex-end" gap="md">
        <TextInput
          ref={input}
          label={t('kiosk.itemNumber')}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          autoComplete="off"
          autoFocus
          aria-describedby={`${id}-help`}
          size="xl"
          className="grow"
        />
        <Button type="submit" size="xl">
          {action === 'kiosk.checkin' ? t('kiosk.return') : t('kiosk.add')}
        </Button>
      </Group>
      <ErrorMessage error={error} />
    </form>
  );
}

/** This visit's items, newest first, growing as items are added: what happened, with title and due date, in words. */
export function Outcomes() {
  const { t } = useTranslation();
  const outcomes = useKioskStore((s) => s.outcomes);
  return (
    <section aria-labelledby="session-title" className="session-items">
      <h2 id="session-title">{t('ui.kiosk.session')}</h2>
      {outcomes.length === 0 && <p>{t('ui.kiosk.sessionEmpty')}</p>}
      <ul className="kiosk-list outcomes" aria-live="polite" aria-relevant="additions">
        {outcomes.map((o, i) => (
          <li key={`${o.itemId}-${outcomes.length - i}`} className={o.ok ? 'ok' : 'refused'} data-testid="kiosk-outcome">
            <span>
              <span aria-hidden className="outcome-mark">
                {o.ok ? '✓ ' : '! '}
              </span>
              <span>{o.message}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
