import { useId, type ComponentPropsWithRef } from 'react';

type SelectProps = Omit<ComponentPropsWithRef<'select'>, 'id' | 'children'>;

/** A labelled <select>; takes react-hook-form's register() props (name, ref, onChange, onBlur). */
export function SelectField({ label, options, ...select }: SelectProps & { label: string; options: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </>
  );
}
