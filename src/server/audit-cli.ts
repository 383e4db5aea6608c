import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { AuditVerification } from './privacy/audit-chain';
import type { AuditRowView } from './routes/privacy';

/**
 * The register's audit viewer on the command line:
 *   LANEDISK_REGISTER_URL=https://register.example.org LANEDISK_REGISTER_ADMIN_TOKEN=… \
 *     npm run register:audit -- --actor admin --from 2026-01-01T00:00:00Z --limit 50
 * Calls GET /admin/audit (filters as options) and GET /admin/audit/verify, prints a table and the result
 * of the verification. Both calls are audited by the register. Exit code 1 when the chain is broken.
 */

const filterOptions = {
  actor: 'actor',
  action: 'action',
  'subject-type': 'subjectType',
  'subject-id': 'subjectId',
  'terminal-id': 'terminalId',
  from: 'from',
  to: 'to',
  before: 'before',
  limit: 'limit',
} as const;

const EnvSchema = z.object({
  LANEDISK_REGISTER_URL: z.string().url().default('http://127.0.0.1:5280'),
  LANEDISK_REGISTER_ADMIN_TOKEN: z.string({ error: 'must be set to the register admin token' }).min(24, 'must be at least 24 characters'),
});

export function auditQueryFromArgs(argv: readonly string[]): URLSearchParams {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.keys(filterOptions).map((k) => [k, { type: 'string' as const }])),
    strict: true,
    allowPositionals: false,
  });
  const query = new URLSearchParams();
  for (const [option, param] of Object.entries(filterOptions)) {
    const value = values[option];
    if (typeof value === 'string') query.set(param, value);
  }
  return query;
}

const cell = (value: unknown, width: number) => {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
};

export function formatAuditTable(entries: readonly AuditRowView[]): string {
  const columns: [string, number, (e: AuditRowView) => unknown][] = [
    ['id', 8, (e) => String(e.id)],
    ['at', 24, (e) => e.at],
    ['actor', 24, (e) => e.actor],
    ['action', 28, (e) => e.action],
    ['subject', 30, (e) => (e.subjectId ? `${e.subjectType}:${e.subjectId}` : e.subjectType)],
    ['details', 50, (e) => e.details],
  ];
  const header = columns.map(([name, width]) => cell(name, width)).join(' ');
  const lines = entries.map((e) => columns.map(([, width, get]) => cell(get(e), width)).join(' ').trimEnd());
  return [header.trimEnd(), '-'.repeat(header.length), ...lines].join('\n');
}

export function formatVerification(result: AuditVerification): string {
  return result.ok
    ? `audit chain: OK (${result.rows} rows${result.head ? `, head #${result.head.id} ${result.head.hash}` : ''})`
    : `audit chain: BROKEN at #${result.brokenAt} (${result.reason}) after ${result.rowsChecked} good rows`;
}

export async function runAuditCli(options: { argv: readonly string[]; env: Readonly<Record<string, string | undefined>>; fetch?: typeof fetch; out: (line: string) => void }): Promise<number> {
  const env = EnvSchema.safeParse(options.env);
  if (!env.success) {
    options.out(env.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('\n'));
    return 2;
  }
  let query: URLSearchParams;
  try {
    query = auditQueryFromArgs(options.argv);
  } catch (error) {
    options.out(`${error instanceof Error ? error.message : String(error)}\noptions: ${Object.keys(filterOptions).map((o) => `--${o}`).join(' ')}`);
    return 2;
  }
  const doFetch = options.fetch ?? fetch;
  const get = async (path: string) => {
    const response = await doFetch(new URL(path, env.data.LANEDISK_REGISTER_URL), { headers: { authorization: `Bearer ${env.data.LANEDISK_REGISTER_ADMIN_TOKEN}` } });
    const body = (await response.json()) as unknown;
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  try {
    const page = (await get(`/admin/audit?${query.toString()}`)) as { entries: AuditRowView[]; next: number | null };
    options.out(formatAuditTable(page.entries));
    if (page.next !== null) options.out(`more: add --before ${page.next}`);
    const verification = (await get('/admin/audit/verify')) as AuditVerification;
    options.out(formatVerification(verification));
    return verification.ok ? 0 : 1;
  } catch (error) {
    options.out(error instanceof Error ? error.message : String(error));
    return 2;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await runAuditCli({ argv: process.argv.slice(2), env: process.env, out: (line) => process.stdout.write(`${line}\n`) });
}
