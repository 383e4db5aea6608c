import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { FieldError } from './FieldError';

type InputProps = Omit<ComponentPropsWithRef<'input'>, 'id'> & { label: ReactNode; error?: string | undefined };

/** A labelled input with its error tied to it by aria-describedby. Takes register() props. */
export function TextField({ label, error, ...input }: InputProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function CheckboxField({ label, error, ...input }: InputProps) {
  const id = useId();
  return (
    <div className="field checkbox">
      <input id={id} type="checkbox" aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
      <label htmlFor={id}>{label}</label>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
