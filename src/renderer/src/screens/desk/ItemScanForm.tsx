import { Button, Group, TextInput } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CirculationOutcome, Language } from '../../../../shared/ipc/contract';
import type { AppError, Result } from '../../../../shared/result';
import { ErrorMessage } from '../../components/ErrorMessage';

/**
 * An item-barcode field for a barcode scanner working as a keyboard wedge (or typing): Enter submits, the
 * field clears and keeps the focus for the next item. The outcome (yes, or the reason in words) is announced.
 */
export function ItemScanForm({
  label,
  submitLabel,
  testId,
  run,
  onDone,
}: {
  label: string;
  submitLabel: string;
  testId: string;
  run: (itemId: string, language: Language) => Promise<Result<CirculationOutcome>>;
  onDone?: (outcome: CirculationOutcome) => void;
}) {
  const { t, i18n } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<CirculationOutcome>();
  const [error, setError] = useState<AppError>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const itemId = value.trim();
    if (!itemId || busy) return;
    setBusy(true);
    const result = await run(itemId, i18n.language as Language);
    setBusy(false);
    setValue('');
    input.current?.focus();
    if (result.ok) {
      setOutcome(result.value);
      setError(undefined);
      onDone?.(result.value);
    } else {
      setOutcome(undefined);
      setError(result.error);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={submitLabel}>
      <Group align="flex-end">
        <TextInput
          ref={input}
          label={label}
          description={t('desk.circ.scannerHint')}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          autoComplete="off"
          data-testid={`${testId}-barcode`}
          maw={360}
        />
        <Button type="submit" loading={busy}>
          {submitLabel}
        </Button>
      </Group>
      <div role="status" aria-live="polite" data-testid={`${testId}-outcome`} className={outcome && !outcome.ok ? 'warning' : undefined}>
        {outcome?.message}
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
