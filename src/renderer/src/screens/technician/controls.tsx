import { useId, type ComponentPropsWithoutRef, type ReactNode } from 'react';
import type { AppError } from '../../../../shared/result';

/** Field errors from a main-process validation error, by issue path (already localized by main). */
export type FieldErrors = Record<string, string>;

/** The issues of `error` under `prefix` (e.g. 'readers.0'), keyed by the rest of their path. */
export function fieldErrors(error: AppError | undefined, prefix: string): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error?.issues ?? []) {
    const path = issue.path;
    if (prefix === '' || path === prefix || path.startsWith(`${prefix}.`)) {
      const rest = prefix === '' ? path : path.slice(prefix.length + 1);
      out[rest] ??= issue.message;
    }
  }
  return out;
}

type InputProps = Omit<ComponentPropsWithoutRef<'input'>, 'id' | 'onChange' | 'value'> & {
  label: ReactNode;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
};

/** A labelled, controlled text input; its error and hint are tied to it with aria-describedby. */
export function Field({ label, value, onValue, error, hint, ...input }: InputProps) {
  const id = useId();
  const described = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        {...input}
      />
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

type SelectProps = Omit<ComponentPropsWithoutRef<'select'>, 'id' | 'onChange' | 'value' | 'children'> & {
  label: ReactNode;
  value: string;
  onValue: (value: string) => void;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
};

/** A labelled, controlled select. */
export function Choice({ label, value, onValue, options, error, ...select }: SelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function Toggle({ label, checked, onChecked }: { label: ReactNode; checked: boolean; onChecked: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div className="field checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChecked(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** A number from a text field: undefined when empty (the schema default applies), NaN when not a number (main reports it). */
export function numberOrUndefined(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

export function text(value: string | number | boolean | undefined | null): string {
  return value === undefined || value === null ? '' : String(value);
}
