import { NativeSelect } from '@mantine/core';
import type { ComponentPropsWithRef } from 'react';

type SelectProps = Omit<ComponentPropsWithRef<'select'>, 'id' | 'children' | 'size'>;

/** A labelled native select; takes react-hook-form's register() props (name, ref, onChange, onBlur). */
export function SelectField({ label, options, ...select }: SelectProps & { label: string; options: { value: string; label: string }[] }) {
  return <NativeSelect label={label} data={options} {...select} />;
}
