import { Button, Checkbox, Fieldset, Group, JsonInput, NativeSelect, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { mayDo } from '../../shared/admin/roles';
import { DoorPolicySchema, pinPolicies } from '../../shared/door/policy';
import { weekdays, type Weekday } from '../../shared/door/schedule';
import type { MessageKey } from '../../shared/vocabulary';
import { api } from '../api';
import { checkPolicy, draftOf, nordicTimeZones, policyOf, type ExceptionDraft, type HoursDraft, type PolicyDraft } from '../policyDraft';
import type { BranchRow, LibraryRow, PolicyRow } from '../types';
import { useErrorText, useLoad } from '../useApi';
import { Done, Failure, type PageProps } from './common';
import { CategoryFields, KioskPolicyFields, policyFieldPaths } from './KioskPolicyFields';

/** Blank hours for a day or an exception that gets some. */
const blank = (): HoursDraft => ({ from: '', to: '' });

/**
 * A branch's (or a whole library's) access policy as a form (weekly hours, exceptions by date, door rules, who the
 * door admits, the self-check kiosks' settings), or as
 * JSON (advanced), through GET/PUT /admin/access-policies/:branchId. Both are checked with DoorPolicySchema,
 * the register's own, before saving; a problem is said on its field.
 */
export function PoliciesPage({ session }: PageProps) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const places = useLoad<{ libraries: LibraryRow[]; branches: BranchRow[] }>('/admin/libraries');
  const scopes = [...(places.data?.libraries ?? []).map((l) => ({ value: l.id, label: l.name })), ...(places.data?.branches ?? []).map((b) => ({ value: b.id, label: b.name }))];
  const [scope, setScope] = useState('');
  const current = scope || scopes[0]?.value || '';
  const [draft, setDraft] = useState<PolicyDraft>(() => draftOf(undefined));
  const [json, setJson] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string>();
  const [failed, setFailed] = useState<string>();
  const writable = mayDo(session.role, 'policies.write');
  // From the list (GET /admin/access-policies): a scope without a policy of its own is simply not in it.
  const policies = useLoad<{ policies: PolicyRow[] }>('/admin/access-policies');
  const stored = policies.data?.policies.find((p) => p.scope_id === current);
  const [shown, setShown] = useState<{ scope: string; version: number | undefined }>();
  if (policies.data && (shown?.scope !== current || shown.version !== stored?.version)) {
    if (shown?.scope !== current) {
      setDone(undefined);
      setFailed(undefined);
    }
    setShown({ scope: current, version: stored?.version });
    const parsed = stored ? DoorPolicySchema.safeParse(stored.policy) : undefined;
    setDraft(draftOf(parsed?.success ? parsed.data : undefined));
    // A stored policy this page cannot read as a form (an older shape) is shown as JSON.
    setJson(parsed && !parsed.success ? JSON.stringify(stored?.policy, null, 2) : null);
    setIssues({});
  }

  // After a refused save, the first marked field takes the focus (keyboard and screen-reader users land on it).
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (Object.keys(issues).length > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [issues]);

  const tr = (key: MessageKey, params?: Record<string, string | number>) => t(key, params ?? {});
  const check = (policy: unknown) => checkPolicy(policy, tr, (key) => i18n.exists(key));
  const edit = (patch: Partial<PolicyDraft>) => {
    setDone(undefined);
    setDraft({ ...draft, ...patch });
  };
  const setDay = (day: Weekday, hours: HoursDraft[]) => edit({ weekly: { ...draft.weekly, [day]: hours } });
  const setException = (index: number, patch: Partial<ExceptionDraft>) => edit({ exceptions: draft.exceptions.map((e, i) => (i === index ? { ...e, ...patch } : e)) });

  const toggleJson = (on: boolean) => {
    if (on) {
      setJson(JSON.stringify(policyOf(draft), null, 2));
      return;
    }
    const policy = parseJson(json ?? '');
    if (policy === undefined) return;
    const result = check(policy);
    if (!result.ok) return refuse(result.issues);
    setDraft(draftOf(result.policy));
    setJson(null);
    setIssues({});
  };
  const parseJson = (value: string): unknown => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      setFailed(t('admin.policies.badJson'));
      return undefined;
    }
  };
  const refuse = (found: Record<string, string>) => {
    setIssues(found);
    setDone(undefined);
    setFailed(t('admin.policies.invalid'));
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    const policy = json === null ? policyOf(draft) : parseJson(json);
    if (policy === undefined) return;
    const result = check(policy);
    if (!result.ok) return refuse(result.issues);
    setIssues({});
    api<PolicyRow>('PUT', `/admin/access-policies/${encodeURIComponent(current)}`, policy).then(
      (row) => {
        setFailed(undefined);
        setDone(t('admin.policies.saved', { version: row.version }));
        policies.reload();
      },
      (e: unknown) => setFailed(errorText(e)),
    );
  };

  // Each field asks for its own issue; what no field took is listed at the top (e.g. a field kept in `rest`).
  const placed = new Set<string>(policyFieldPaths);
  const issue = (...paths: string[]) => {
    for (const path of paths) placed.add(path);
    return paths.map((p) => issues[p]).find((m) => m !== undefined);
  };
  const dayName = (day: Weekday) => t(`hardware.weekday.${day}`);

  type HoursLabel = (n: number, which: 'opensOf' | 'closesOf' | 'removeHours') => string;
  const hoursRows = (hours: HoursDraft[], path: string, label: HoursLabel, change: (hours: HoursDraft[]) => void) => {
    // An overlap is said on the interval as a whole: shown by its start.
    const time = (i: number, end: 'from' | 'to') => (
      <TextInput
        label={label(i + 1, end === 'from' ? 'opensOf' : 'closesOf')}
        placeholder={end === 'from' ? '08:00' : '20:00'}
        maxLength={5}
        value={hours[i]?.[end] ?? ''}
        readOnly={!writable}
        onChange={(e) => change(hours.map((x, j) => (j === i ? { ...x, [end]: e.currentTarget.value } : x)))}
        error={end === 'from' ? issue(`${path}.${i}.from`, `${path}.${i}`) : issue(`${path}.${i}.to`)}
      />
    );
    return hours.map((_, i) => (
      <Group key={i} align="flex-start">
        {time(i, 'from')}
        {time(i, 'to')}
        {writable && (
          <Button variant="default" mt={24} onClick={() => change(hours.filter((_, j) => j !== i))}>
            {label(i + 1, 'removeHours')}
          </Button>
        )}
      </Group>
    ));
  };

  const week = weekdays.map((day) => {
    const path = `schedule.weekly.${day}`;
    const hours = draft.weekly[day];
    const dayIssue = issue(path);
    return (
      <Fieldset key={day} legend={dayName(day)}>
        <Stack gap="xs">
          {hours.length === 0 && <Text size="sm">{t('admin.policies.closedDay')}</Text>}
          {hoursRows(hours, path, (number, which) => t(`admin.policies.${which}`, { day: dayName(day), number }), (h) => setDay(day, h))}
          {dayIssue && (
            <Text c="red.9" size="sm" role="alert">
              {dayIssue}
            </Text>
          )}
          {writable && (
            <Group>
              <Button variant="light" onClick={() => setDay(day, [...hours, blank()])}>
                {t('admin.policies.addHours', { day: dayName(day) })}
              </Button>
            </Group>
          )}
        </Stack>
      </Fieldset>
    );
  });

  const exceptions = draft.exceptions.map((e, i) => {
    const path = `schedule.exceptions.${i}`;
    const number = i + 1;
    const name = t('admin.policies.exception', { number });
    return (
      <Fieldset key={i} legend={name}>
        <Stack gap="xs">
          <TextInput
            type="date"
            label={t('admin.policies.exceptionDate', { number })}
            value={e.date}
            readOnly={!writable}
            onChange={(ev) => setException(i, { date: ev.currentTarget.value })}
            error={issue(`${path}.date`, path, `${path}.intervals`)}
          />
          <Checkbox
            label={t('admin.policies.exceptionClosed', { number })}
            checked={e.closed}
            disabled={!writable}
            onChange={(ev) => {
              const closed = ev.currentTarget.checked;
              setException(i, { closed, intervals: !closed && e.intervals.length === 0 ? [blank()] : e.intervals });
            }}
          />
          {!e.closed &&
            hoursRows(e.intervals, `${path}.intervals`, (n, which) => t(`admin.policies.${which}`, { day: name, number: n }), (intervals) => setException(i, { intervals }))}
          {!e.closed && writable && (
            <Group>
              <Button variant="light" onClick={() => setException(i, { intervals: [...e.intervals, blank()] })}>
                {t('admin.policies.addHours', { day: name })}
              </Button>
            </Group>
          )}
          <TextInput
            label={t('admin.policies.exceptionNote', { number })}
            value={e.note}
            maxLength={200}
            readOnly={!writable}
            onChange={(ev) => setException(i, { note: ev.currentTarget.value })}
            error={issue(`${path}.note`)}
          />
          {writable && (
            <Group>
              <Button variant="default" onClick={() => edit({ exceptions: draft.exceptions.filter((_, j) => j !== i) })}>
                {t('admin.policies.removeException', { number })}
              </Button>
            </Group>
          )}
        </Stack>
      </Fieldset>
    );
  });

  const numberInput = (field: 'minAge' | 'minAgeWithConsent' | 'antiPassbackSeconds' | 'maxPinFailures' | 'lockoutMinutes', label: string) => (
    <TextInput label={label} inputMode="numeric" value={draft[field]} readOnly={!writable} onChange={(e) => edit({ [field]: e.currentTarget.value })} error={issue(field)} />
  );
  const zones = nordicTimeZones.includes(draft.timeZone as (typeof nordicTimeZones)[number]) ? [...nordicTimeZones] : [draft.timeZone, ...nordicTimeZones];
  const kept = Object.keys(draft.rest).filter((k) => draft.rest[k] !== undefined);

  const body: ReactNode =
    json !== null ? (
      <JsonInput label={t('admin.policies.policy')} autosize minRows={8} value={json} onChange={setJson} readOnly={!writable} />
    ) : (
      <>
        <Title order={2} size="h3">
          {t('admin.policies.hours')}
        </Title>
        <NativeSelect
          label={t('door.rules.timeZone')}
          value={draft.timeZone}
          data={zones}
          disabled={!writable}
          onChange={(e) => edit({ timeZone: e.currentTarget.value })}
          error={issue('schedule.timeZone')}
        />
        {week}
        <Title order={2} size="h3">
          {t('admin.policies.exceptions')}
        </Title>
        {exceptions}
        {writable && (
          <Group>
            <Button variant="light" onClick={() => edit({ exceptions: [...draft.exceptions, { date: '', closed: true, intervals: [], note: '' }] })}>
              {t('admin.policies.addException')}
            </Button>
          </Group>
        )}
        <Title order={2} size="h3">
          {t('admin.policies.rules')}
        </Title>
        <TextInput
          label={t('door.rules.closingWarning')}
          inputMode="numeric"
          value={draft.closingWarningMinutes}
          readOnly={!writable}
          onChange={(e) => edit({ closingWarningMinutes: e.currentTarget.value })}
          error={issue('schedule.closingWarningMinutes')}
        />
        {numberInput('minAge', t('door.rules.minAge'))}
        <Checkbox
          label={t('door.rules.consent')}
          checked={draft.underAgeRequiresGuardianConsent}
          disabled={!writable}
          onChange={(e) => edit({ underAgeRequiresGuardianConsent: e.currentTarget.checked })}
        />
        {numberInput('minAgeWithConsent', t('door.rules.minAgeWithConsent'))}
        <NativeSelect
          label={t('door.rules.pinPolicy')}
          value={draft.pinPolicy}
          data={pinPolicies.map((p) => ({ value: p, label: t(`door.rules.pin.${p}`) }))}
          disabled={!writable}
          onChange={(e) => edit({ pinPolicy: e.currentTarget.value as PolicyDraft['pinPolicy'] })}
        />
        {numberInput('maxPinFailures', t('admin.policies.maxPinFailures'))}
        {numberInput('lockoutMinutes', t('admin.policies.lockoutMinutes'))}
        {numberInput('antiPassbackSeconds', t('door.rules.antiPassback'))}
        <Checkbox label={t('door.rules.requireOptIn')} checked={draft.requireOptIn} disabled={!writable} onChange={(e) => edit({ requireOptIn: e.currentTarget.checked })} />
        <CategoryFields categories={draft.categories} change={(categories) => edit({ categories })} writable={writable} issues={issues} />
        <KioskPolicyFields kiosk={draft.kiosk} change={(kiosk) => edit({ kiosk })} writable={writable} issues={issues} />
        {kept.length > 0 && <Text size="sm">{t('admin.policies.kept', { fields: kept.join(', ') })}</Text>}
      </>
    );
  const others = Object.entries(issues).filter(([path]) => json !== null || !placed.has(path));

  return (
    <Stack>
      <Failure text={places.error ?? policies.error ?? failed} />
      {others.length > 0 && (
        <Paper withBorder p="sm">
          <ul>
            {others.map(([path, message]) => (
              <li key={path}>{t('admin.policies.other', { path: path || '(policy)', message })}</li>
            ))}
          </ul>
        </Paper>
      )}
      <Done text={done ?? (policies.data && !stored ? t('admin.policies.none') : undefined)} />
      <NativeSelect label={t('admin.policies.scope')} value={current} data={scopes} onChange={(e) => setScope(e.currentTarget.value)} />
      <form ref={form} onSubmit={save} noValidate>
        <Stack>
          <Switch label={t('admin.policies.advanced')} checked={json !== null} onChange={(e) => toggleJson(e.currentTarget.checked)} />
          {body}
          {writable && (
            <Group>
              <Button type="submit" disabled={!current}>
                {t('admin.policies.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
