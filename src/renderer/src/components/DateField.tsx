import { TextInput } from '@mantine/core';
import { useState, type ReactNode, type Ref } from 'react';
import { Controller, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { displayDateField, parseDateField } from '../format';
import { useFieldError } from './FieldError';

interface DateFieldProps<F extends FieldValues> {
  control: Control<F>;
  name: FieldPath<F>;
  label: ReactNode;
  error?: string | undefined;
}

/**
 * A calendar date typed the way the terminal's language writes it (2026-12-24, 24.12.2026, 24/12/2026; ISO is
 * always understood, as a scanner or a paste gives it). The form holds ISO, or the text as typed when it is not
 * a date, so the form's rules refuse it with their own words. The browser's date input would follow the
 * browser's locale instead (mm/dd/yyyy on a Swedish desk).
 */
export function DateField<F extends FieldValues>({ control, name, label, error }: DateFieldProps<F>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <DateText
          label={label}
          error={error}
          name={field.name}
          inputRef={field.ref}
          value={typeof field.value === 'string' ? field.value : ''}
          onValue={field.onChange}
          onBlur={field.onBlur}
        />
      )}
    />
  );
}

interface DateTextProps {
  label: ReactNode;
  error: string | undefined;
  name: string;
  inputRef: Ref<HTMLInputElement>;
  value: string;
  onValue: (value: string) => void;
  onBlur: () => void;
}

function DateText({ label, error, name, inputRef, value, onValue, onBlur }: DateTextProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [text, setText] = useState(() => displayDateField(value, language));
  // A reset, a saved value or another language: show it, unless it is what the field already says.
  const [seen, setSeen] = useState(`${value}|${language}`);
  if (seen !== `${value}|${language}`) {
    setSeen(`${value}|${language}`);
    if ((parseDateField(text, language) ?? text) !== value || !seen.endsWith(`|${language}`)) setText(displayDateField(value, language));
  }
  const message = useFieldError(error);
  return (
    <TextInput
      label={label}
      error={message}
      name={name}
      ref={inputRef}
      value={text}
      placeholder={t('ui.date.placeholder')}
      inputMode="numeric"
      autoComplete="off"
      onChange={(e) => {
        const typed = e.currentTarget.value;
        setText(typed);
        onValue(typed.trim() === '' ? '' : (parseDateField(typed, language) ?? typed));
      }}
      onBlur={() => {
        const parsed = parseDateField(text, language);
        if (parsed) setText(displayDateField(parsed, language));
        onBlur();
      }}
    />
  );
}
