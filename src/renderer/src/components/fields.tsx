import { Checkbox, TextInput } from '@mantine/core';
import type { ComponentPropsWithRef, ReactNode } from 'react';
import { useFieldError } from './FieldError';

type InputProps = Omit<ComponentPropsWithRef<'input'>, 'id' | 'size'> & { label: ReactNode; error?: string | undefined; description?: ReactNode };

/** A labelled input with its error tied to it by aria-describedby (Mantine does the wiring). Takes register() props. */
export function TextField({ label, error, description, ...input }: InputProps) {
  const message = useFieldError(error);
  return <TextInput label={label} error={message} description={description} {...input} />;
}

export function CheckboxField({ label, error, description, ...input }: InputProps) {
  const message = useFieldError(error);
  return <Checkbox label={label} error={message} description={description} className="checkbox-field" {...input} />;
}
