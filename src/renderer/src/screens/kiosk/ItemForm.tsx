import { Button, Group, TextInput } from '@mantine/core';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useKioskStore } from '../../stores/kiosk';
import { ItemKeypad } from './ItemKeypad';
import { useKioskWords } from './words';

/** One field for scanned or typed item numbers (a barcode scanner types the number and Enter), with on-screen keys for touch. */
export function ItemForm({ action }: { action: 'kiosk.checkout' | 'kiosk.checkin' | 'kiosk.renew' }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const addOutcome = useKioskStore((s) => s.addOutcome);
  const [value, setValue] = useState('');
  const [error, setError] = useState<AppError>();
  const [keypad, setKeypad] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // A key press keeps the field focused, so a scanner read right after still lands in it.
  const press = (change: (v: string) => string) => {
    setValue((v) => change(v).slice(0, 64));
    input.current?.focus();
  };
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
      <Button variant="outline" size="lg" mt="md" aria-expanded={keypad} onClick={() => setKeypad((k) => !k)}>
        {keypad ? t('kiosk.keypad.hide') : t('kiosk.keypad.show')}
      </Button>
      {keypad && <ItemKeypad onKey={(d) => press((v) => v + d)} onErase={() => press((v) => v.slice(0, -1))} onClear={() => press(() => '')} />}
      <ErrorMessage error={error} />
    </form>
  );
}

/** This visit's items, newest first, growing as items are added: what happened, with title and due date, in words. */
export function Outcomes() {
  const { t } = useTranslation();
  const words = useKioskWords();
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
              <span>{words.outcome(o)}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
