import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { weekdays, type OpeningHours, type OpeningInterval, type Weekday } from '../../../../shared/hardware/settings';
import type { AppError } from '../../../../shared/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useHardwareStore } from '../../stores/hardware';
import { Field, fieldErrors } from './controls';
import { DoorPolicySource } from './DoorPolicySource';

/** One day as edited: the first interval (blank = closed) and any further ones kept as they were. */
interface DayForm {
  from: string;
  to: string;
  more: OpeningInterval[];
}

interface ExceptionForm {
  key: number;
  date: string;
  from: string;
  to: string;
  note: string;
}

interface HoursForm {
  weekly: Record<Weekday, DayForm>;
  exceptions: ExceptionForm[];
}

let nextKey = 1;

function toDay(intervals: OpeningInterval[]): DayForm {
  const [first, ...more] = intervals;
  return { from: first?.from ?? '', to: first?.to ?? '', more };
}

function fromDay(day: { from: string; to: string }, more: OpeningInterval[] = []): OpeningInterval[] {
  // Both blank: closed. One blank: sent as is, so main says which one is missing.
  if (day.from.trim() === '' && day.to.trim() === '') return more;
  return [{ from: day.from.trim(), to: day.to.trim() }, ...more];
}

function fromHours(hours: OpeningHours): HoursForm {
  return {
    weekly: Object.fromEntries(weekdays.map((d) => [d, toDay(hours.weekly[d])])) as Record<Weekday, DayForm>,
    exceptions: hours.exceptions.map((e) => ({ key: nextKey++, date: e.date, ...toDay(e.intervals), note: e.note ?? '' })),
  };
}

function toHours(form: HoursForm): OpeningHours {
  return {
    weekly: Object.fromEntries(weekdays.map((d) => [d, fromDay(form.weekly[d], form.weekly[d].more)])) as OpeningHours['weekly'],
    exceptions: form.exceptions.map((e) => ({ date: e.date.trim(), intervals: fromDay(e), ...(e.note.trim() ? { note: e.note.trim() } : {}) })),
  };
}

/** Self-service hours: from/to per weekday (blank = closed) and exceptions by date. Stored now; the door rules use them later. */
export function OpeningHoursSection() {
  const { t } = useTranslation();
  const settings = useHardwareStore((s) => s.settings);
  const save = useHardwareStore((s) => s.saveOpeningHours);
  const [form, setForm] = useState<HoursForm | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [saved, setSaved] = useState(false);

  const source = settings ? JSON.stringify(settings.openingHours) : undefined;
  const [shown, setShown] = useState<string | undefined>();
  if (settings && source !== shown) {
    setShown(source);
    setForm(fromHours(settings.openingHours));
  }
  if (!form) return null;

  const setDay = (day: Weekday, patch: Partial<DayForm>) => {
    setSaved(false);
    setForm({ ...form, weekly: { ...form.weekly, [day]: { ...form.weekly[day], ...patch } } });
  };
  const setException = (key: number, patch: Partial<ExceptionForm>) => {
    setSaved(false);
    setForm({ ...form, exceptions: form.exceptions.map((e) => (e.key === key ? { ...e, ...patch } : e)) });
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await save(toHours(form));
    setError(result);
    setSaved(!result);
  };
  const errors = fieldErrors(error, 'openingHours');

  return (
    <section aria-labelledby="hours-title" className="technician-section">
      <h2 id="hours-title">{t('hardware.hours.title')}</h2>
      <p className="hint">{t('hardware.hours.hint')}</p>
      <DoorPolicySource refreshKey={source} />
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <fieldset>
          <legend>{t('hardware.hours.weekly')}</legend>
          {weekdays.map((day) => {
            const dayName = t(`hardware.weekday.${day}`);
            return (
              <div className="field-row hours-row" key={day} role="group" aria-label={dayName}>
                <span className="day-name" aria-hidden="true">
                  {dayName}
                </span>
                <Field
                  type="time"
                  label={t('hardware.hours.opens', { day: dayName })}
                  value={form.weekly[day].from}
                  onValue={(from) => setDay(day, { from })}
                  error={errors[`weekly.${day}.0.from`] ?? errors[`weekly.${day}`]}
                />
                <Field
                  type="time"
                  label={t('hardware.hours.closes', { day: dayName })}
                  value={form.weekly[day].to}
                  onValue={(to) => setDay(day, { to })}
                  error={errors[`weekly.${day}.0.to`]}
                />
                {form.weekly[day].more.length > 0 && (
                  <span className="hint">{t('hardware.hours.more', { hours: form.weekly[day].more.map((i) => `${i.from}–${i.to}`).join(', ') })}</span>
                )}
              </div>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>{t('hardware.hours.exceptions')}</legend>
          {form.exceptions.length === 0 && <p>{t('hardware.hours.noExceptions')}</p>}
          {form.exceptions.map((exception, index) => (
            <div className="field-row" key={exception.key} role="group" aria-label={t('hardware.hours.exception', { number: index + 1 })}>
              <Field
                type="date"
                label={t('hardware.hours.date')}
                value={exception.date}
                onValue={(date) => setException(exception.key, { date })}
                error={errors[`exceptions.${index}.date`]}
              />
              <Field
                type="time"
                label={t('hardware.hours.exceptionOpens')}
                value={exception.from}
                onValue={(from) => setException(exception.key, { from })}
                error={errors[`exceptions.${index}.intervals.0.from`]}
              />
              <Field
                type="time"
                label={t('hardware.hours.exceptionCloses')}
                value={exception.to}
                onValue={(to) => setException(exception.key, { to })}
                error={errors[`exceptions.${index}.intervals.0.to`]}
              />
              <Field label={t('hardware.hours.note')} value={exception.note} onValue={(note) => setException(exception.key, { note })} />
              <button type="button" onClick={() => setForm({ ...form, exceptions: form.exceptions.filter((e) => e.key !== exception.key) })}>
                {t('hardware.hours.removeException', { number: index + 1 })}
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => setForm({ ...form, exceptions: [...form.exceptions, { key: nextKey++, date: '', from: '', to: '', note: '' }] })}
          >
            {t('hardware.hours.addException')}
          </button>
        </fieldset>
        <button type="submit">{t('hardware.hours.save')}</button>
      </form>
      <ErrorMessage error={error} />
      {saved && <p role="status">{t('hardware.hours.saved')}</p>}
    </section>
  );
}
