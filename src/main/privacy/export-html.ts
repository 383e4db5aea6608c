import type { Language } from '../../shared/ipc/contract';
import { resources } from '../../shared/i18n/resources';
import { exportTexts, type ExportTexts } from './export-text';
import type { BorrowerExport } from './subject';
import { formattingLocale } from '../../shared/locale';

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Cell = unknown;
/** The export's texts with the language they are in (for the readable values). */
type Texts = ExportTexts & { language: Language };

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A value as a person reads it in `language` (issue 11 "readable exports"): dates and times as written there, register
 * types, audit actions and user groups by their names instead of codes. The JSON file keeps the codes.
 */
function readable(key: string, value: Cell, language: Language): Cell {
  if (typeof value !== 'string') return value;
  if (isoTime.test(value)) {
    const at = new Date(value);
    if (!Number.isNaN(at.getTime())) return new Intl.DateTimeFormat(formattingLocale(language), { dateStyle: 'short', timeStyle: 'short' }).format(at);
  }
  if (isoDate.test(value)) {
    const day = new Date(`${value}T12:00:00Z`);
    if (!Number.isNaN(day.getTime())) return new Intl.DateTimeFormat(formattingLocale(language), { dateStyle: 'short', timeZone: 'UTC' }).format(day);
  }
  const names: Record<string, string> = resources[language].translation;
  const named = (prefix: string) => names[`${prefix}${value}`] ?? value;
  if (key === 'registerType') return named('desk.type.');
  if (key === 'action') return named('reference.auditAction.');
  if (key === 'code') return named('reference.group.');
  return value;
}

function show(value: Cell, t: ExportTexts): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t.yes : t.no;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? '—';
}

const label = (key: string, t: ExportTexts) => t.labels[key] ?? key;

function table(rows: readonly Record<string, Cell>[], columns: readonly string[], t: Texts): string {
  if (rows.length === 0) return `<p class="none">${escapeHtml(t.none)}</p>`;
  const head = columns.map((c) => `<th scope="col">${escapeHtml(label(c, t))}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map((c) => `<td>${escapeHtml(show(readable(c, r[c], t.language), t))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function fields(entries: readonly [string, Cell][], t: Texts): string {
  if (entries.length === 0) return `<p class="none">${escapeHtml(t.none)}</p>`;
  return `<dl>${entries.map(([k, v]) => `<dt>${escapeHtml(label(k, t))}</dt><dd>${escapeHtml(show(readable(k, v, t.language), t))}</dd>`).join('')}</dl>`;
}

function section(id: string, heading: string, content: string): string {
  return `<section aria-labelledby="s-${id}"><h2 id="s-${id}">${escapeHtml(heading)}</h2>\n${content}\n</section>`;
}

const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency}`;

/**
 * The access export as one self-contained HTML page (no scripts, no external resources, inline style,
 * a CSP that forbids everything else) in the borrower's language. Every value is escaped.
 */
export function renderExportHtml(data: BorrowerExport, language: Language): string {
  const t: Texts = { ...exportTexts[language], language };
  const s = t.sections;
  const b = data.borrower;
  const name = [b.firstName, b.lastName].filter((v) => typeof v === 'string' && v !== '').join(' ');
  const borrowerEntries = Object.entries(b).map(([k, v]): [string, Cell] => {
    if (k === 'libraryId' && data.library) return [k, data.library.name];
    if (k === 'branchId' && data.branch) return [k, data.branch.name];
    return [k, v];
  });

  const parts = [
    section('borrower', s.borrower, fields(borrowerEntries, t)),
    section(
      'secrets',
      s.secrets,
      fields(
        data.secrets.map((x): [string, Cell] => [t.secretNames[x.name] ?? x.name, x.stored ? t.secretStored : t.secretNotStored]),
        t,
      ),
    ),
    section('groups', s.groups, table(data.groups, ['code', 'name'], t)),
    section('cards', s.cards, table(data.cards, ['number', 'addedAt'], t)),
    section('loans', s.loans, table(data.loans, ['itemBarcode', 'title', 'author', 'checkedOutAt', 'dueDate', 'renewals', 'returnedAt'], t)),
    section('holds', s.readyHolds, table(data.readyHolds, ['itemBarcode', 'title'], t)),
    section(
      'fees',
      s.fees,
      table(
        data.fees.map((f) => ({ ...f, amount: money(f.amountCents, f.currency) })),
        ['kind', 'amount', 'reason', 'createdAt', 'settledAt'],
        t,
      ),
    ),
    section('transfers', s.transferRequests, table(data.transferRequests, ['fromLibrary', 'toLibrary', 'status', 'createdAt', 'decidedAt'], t)),
    section('messages', s.messages, table(data.messages, ['templateId', 'language', 'state', 'createdAt', 'sentAt', 'failedAt', 'contentHeld'], t)),
    section(
      'door',
      s.doorCredentials,
      table(
        data.doorAccess.credentials,
        ['kind', 'registerType', 'birthDate', 'validFrom', 'validUntil', 'active', 'blocked', 'guardianConsent', 'pinStored', 'erased', 'updatedAt'],
        t,
      ),
    ),
    section('lockout', s.pinLockout, data.doorAccess.pinLockout ? fields(Object.entries(data.doorAccess.pinLockout), t) : `<p class="none">${escapeHtml(t.none)}</p>`),
    section('sync-notes', s.syncNotes, table(data.syncNotes, ['kind', 'field', 'createdAt', 'acknowledgedAt', 'details'], t)),
    section('pending', s.pendingChanges, table(data.pendingChanges, ['kind', 'state', 'createdAt'], t)),
    section('activity', s.localActivity, data.localActivity ? fields(Object.entries(data.localActivity), t) : `<p class="none">${escapeHtml(t.none)}</p>`),
    section('audit', s.auditEntries, table(data.auditEntries, ['at', 'action', 'libraryId', 'details'], t)),
    ...Object.entries(data.otherRecords).map(([tableName, rows]) =>
      section(`other-${tableName.replace(/[^a-z0-9_-]/gi, '')}`, `${s.otherRecords}: ${tableName}`, table(rows, Object.keys(rows[0] ?? {}), t)),
    ),
    section('notes', s.notes, `<ul>${data.notes.map((n) => `<li>${escapeHtml(t.notes[n])}</li>`).join('')}</ul>`),
  ];

  const title = name === '' ? t.title : `${t.title}: ${name}`;
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #111; background: #fff; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; } dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
  .none { font-style: italic; }
  @media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(t.intro.replace('{generatedAt}', String(readable('generatedAt', data.generatedAt, language))))}</p>
${parts.join('\n')}
</main>
</body>
</html>
`;
}
