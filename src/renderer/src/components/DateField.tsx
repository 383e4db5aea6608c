import { ActionIcon, Group, Popover, TextInput } from '@mantine/core';
import { DatePicker } from '@mantine/dates';
import { useMergedRef } from '@mantine/hooks';
import { useId, useRef, useState, type Ref } from 'react';
import { Controller, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { dayjsLocale, displayDateField, formatDate, parseDateField } from '../format';
import type { Language } from '../../../shared/vocabulary';
import { useFieldError } from './FieldError';

interface DateFieldProps<F extends FieldValues> {
  control: Control<F>;
  name: FieldPath<F>;
  label: string;
  error?: string | undefined;
}

/**
 * A calendar date typed the way the terminal's language writes it (2026-12-24, 24.12.2026, 24/12/2026; ISO is
 * always understood, as a scanner or a paste gives it). The form holds ISO, or the text as typed when it is not
 * a date, so the form's rules refuse it with their own words. The browser's date input would follow the
 * browser's locale instead (mm/dd/yyyy on a Swedish desk). The button beside it opens a calendar (Mantine's
 * DatePicker in the terminal's language, arrow keys move between days); a day picked there is written into the field.
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
  label: string;
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
  const [open, setOpen] = useState(false);
  const input = useRef<HTMLInputElement | null>(null);
  const ref = useMergedRef(input, inputRef);
  const picked = parseDateField(text, language) ?? null;
  const calendar = (
    // No fade: the calendar is there at once, never half-transparent (an axe scan mid-fade failed on contrast).
    <Popover opened={open} onChange={setOpen} position="bottom-end" trapFocus returnFocus withinPortal={false} transitionProps={{ duration: 0 }}>
      <Popover.Target>
        <ActionIcon variant="subtle" aria-label={t('ui.date.calendar')} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          <CalendarIcon />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <DatePicker
          value={picked}
          defaultDate={picked ?? undefined}
          locale={dayjsLocale(language as Language)}
          hideOutsideDates
          weekendDays={[]}
          getDayAriaLabel={(date) => formatDate(date, language, 'long')}
          ariaLabels={{
            nextMonth: t('ui.date.nextMonth'),
            previousMonth: t('ui.date.previousMonth'),
            nextYear: t('ui.date.nextYear'),
            previousYear: t('ui.date.previousYear'),
            nextDecade: t('ui.date.nextDecade'),
            previousDecade: t('ui.date.previousDecade'),
            monthLevelControl: t('ui.date.chooseMonth'),
            yearLevelControl: t('ui.date.chooseYear'),
          }}
          onChange={(date) => {
            if (!date) return;
            setText(displayDateField(date, language));
            onValue(date);
            setOpen(false);
            input.current?.focus();
          }}
        />
      </Popover.Dropdown>
    </Popover>
  );
  return (
    <TextInput
      label={label}
      error={message}
      name={name}
      ref={ref}
      value={text}
      placeholder={t('ui.date.placeholder')}
      inputMode="numeric"
      autoComplete="off"
      rightSection={calendar}
      rightSectionPointerEvents="all"
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

/** hh:mm or h.mm in 24 hours; undefined otherwise. */
function parseTime(text: string): string | undefined {
  const m = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(text.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : undefined;
}

interface DateTimeFieldProps {
  label: string;
  /** A local date and time as a datetime-local input gives it (2026-12-24T18:30), or '' while incomplete. */
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
}

/**
 * A local date and time typed the way the terminal's language writes them: the date as in DateField (with its
 * calendar), the time as hh:mm in 24 hours beside it. The browser's datetime input would follow the browser's
 * locale instead (mm/dd/yyyy, --:-- -- on a Swedish or Danish screen). The value is '' until both parts are valid,
 * so the form's own rules say what is missing; a time that is not hh:mm is refused on its field at once.
 */
export function DateTimeField({ label, value, onValue, error }: DateTimeFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const [date, setDate] = useState(() => value.slice(0, 10));
  const [time, setTime] = useState(() => value.slice(11, 16));
  const [timeTouched, setTimeTouched] = useState(false);
  const combine = (d: string, typedTime: string) => {
    const hm = parseTime(typedTime);
    onValue(/^\d{4}-\d{2}-\d{2}$/.test(d) && hm ? `${d}T${hm}` : '');
  };
  const timeError = timeTouched && time.trim() !== '' && !parseTime(time) ? t('ui.time.invalid') : undefined;
  return (
    <Group align="flex-start" gap="xs" wrap="nowrap">
      <DateText
        label={label}
        error={error}
        name={`${id}-date`}
        inputRef={null}
        value={date}
        onValue={(d) => {
          setDate(d);
          combine(d, time);
        }}
        onBlur={() => undefined}
      />
      <TextInput
        label={t('ui.dateTime.time', { field: label })}
        name={`${id}-time`}
        value={time}
        error={timeError}
        placeholder={t('ui.time.placeholder')}
        inputMode="numeric"
        autoComplete="off"
        w="7rem"
        onChange={(e) => {
          const typed = e.currentTarget.value;
          setTime(typed);
          combine(date, typed);
        }}
        onBlur={() => {
          setTimeTouched(true);
          const hm = parseTime(time);
          if (hm) setTime(hm);
        }}
      />
    </Group>
  );
}

/** A calendar outline (hidden from assistive technology: the button has its own name). */
function CalendarIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
      <rect x="3" y="5" width="18" height="16" rx="2" />
      <path d="M3 10h18M8 3v4M16 3v4" />
    </svg>
  );
}
