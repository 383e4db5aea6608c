import type { Database } from 'better-sqlite3';
import type { TerminalInfo } from '../../shared/ipc/contract';
import { get, sql } from '../db/sql';
import type { TerminalEnrolment } from './terminal-config';

/**
 * The library a terminal shows on its screens (issue 17): the branding its library set on the register
 * (`library_branding.set`, migration 0023) over the library's own name. Undefined before enrolment or while
 * the terminal knows neither (the screens show Lånedisk's own look). Only the enrolled library's row is read:
 * another library's branding never shows here, whatever the cache holds. The logo goes to the renderer as a
 * data: URL (the CSP allows img-src 'self' data:), so the screen never fetches anything for it.
 */
export function terminalBrand(db: Database, enrolment: TerminalEnrolment | undefined): TerminalInfo['brand'] {
  if (!enrolment) return undefined;
  const libraryId = enrolment.libraryId;
  const library = get<{ name: string }>(db, sql`SELECT name FROM library WHERE id = ${libraryId}`);
  const branding = get<{ display_name: string | null; colour: string | null; logo: Buffer | null }>(
    db,
    sql`SELECT display_name, colour, logo FROM library_branding WHERE library_id = ${libraryId}`,
  );
  const name = branding?.display_name ?? library?.name;
  if (!name) return undefined;
  return {
    name,
    ...(branding?.colour ? { primaryColor: branding.colour } : {}),
    ...(branding?.logo ? { logo: `data:image/png;base64,${branding.logo.toString('base64')}` } : {}),
  };
}
