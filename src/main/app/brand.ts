import type { Database } from 'better-sqlite3';
import type { TerminalInfo } from '../../shared/ipc/contract';
import { get, sql } from '../db/sql';
import type { TerminalEnrolment } from './terminal-config';

/**
 * The library a terminal shows on its screens: the name of the library its enrolment code was issued for.
 * Undefined before enrolment (the screens show Lånedisk's own brand). Colour and logo are optional in the
 * contract so a library's own can follow from the register without a contract change.
 */
export function terminalBrand(db: Database, enrolment: TerminalEnrolment | undefined): TerminalInfo['brand'] {
  if (!enrolment) return undefined;
  const library = get<{ name: string }>(db, sql`SELECT name FROM library WHERE id = ${enrolment.libraryId}`);
  return library ? { name: library.name } : undefined;
}
