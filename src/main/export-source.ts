/** What the exports share below the app room (src/main/app/export-job.ts runs them): the source and CSV lines. */

/** What an export writes: its first lines, how many rows there will be, and the rows a chunk at a time. */
export interface ExportSource {
  total: number;
  /** The lines before the rows (a CSV header). */
  head: string;
  /**
   * The next chunk's text (whole lines), or undefined when there are no more rows. Each call runs its own query and
   * holds no cursor across calls: between chunks the event loop answers other calls on the same database.
   */
  next(): { text: string; rows: number } | undefined;
}

/**
 * One CSV line (RFC 4180, comma-separated, CRLF added by the caller): a field with a comma, quote or line break is
 * quoted, quotes doubled. A field a spreadsheet would read as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe, so an exported name cannot run as one (OWASP "CSV injection").
 */
export function csvLine(fields: readonly (string | number | null)[]): string {
  return fields.map(csvField).join(',');
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
