import type { Database } from 'better-sqlite3';
import type { Language, TerminalConfigure, TerminalMode } from '../../shared/ipc/contract';
import { definedOnly } from '../../shared/objects';
import { ok, refuse, type Refusal, type Result } from '../../shared/result';
import { RegisterTerminalModeSchema, type RegisterTerminalMode } from '../../shared/sync/protocol';
import { get, run, sql } from '../db/sql';
import { readState, syncKeys } from '../sync/state';

export interface TerminalConfig {
  mode: TerminalMode;
  language: Language;
  name: string;
}

export const defaultTerminalConfig: TerminalConfig = { mode: 'desk', language: 'sv', name: 'Lånedisk' };

/** What the terminal's enrolment code was issued for (stored by the sync client when it enrols). */
export interface TerminalEnrolment {
  mode: RegisterTerminalMode;
  libraryId: string;
  branchId: string;
}

/**
 * The local mode a register mode runs as: the one place that maps them. Every register mode has a screen of its
 * own now (doors too), so the mapping is one to one; the type says so and fails to compile if the two sets part.
 */
export function localModeFor(mode: RegisterTerminalMode): TerminalMode {
  return mode satisfies TerminalMode;
}

/**
 * The local modes an enrolled terminal may switch to: the one its code fixed, and the technician screen (SPEC 1:
 * technician work is possible on any terminal, behind a technician sign-in; a kiosk's staff exit leads there).
 */
export function allowedLocalModes(enrolment: TerminalEnrolment | undefined): readonly TerminalMode[] | undefined {
  return enrolment ? [...new Set([localModeFor(enrolment.mode), 'technician' as const])] : undefined;
}

/** The terminal's own settings: local only, never synced. */
export class TerminalConfigStore {
  private cached: TerminalConfig | undefined;
  private readonly modeListeners: ((mode: TerminalMode) => void)[] = [];

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  /** Writes the initial configuration if the terminal has none yet. */
  ensure(initial: TerminalConfig): TerminalConfig {
    run(
      this.db,
      sql`INSERT INTO terminal_config (id, mode, language, name, updated_at)
          VALUES (1, ${initial.mode}, ${initial.language}, ${initial.name}, ${this.now().toISOString()})
          ON CONFLICT (id) DO NOTHING`,
    );
    this.cached = undefined;
    return this.read();
  }

  read(): TerminalConfig {
    if (this.cached) return this.cached;
    const row = get<TerminalConfig>(this.db, sql`SELECT mode, language, name FROM terminal_config WHERE id = 1`);
    this.cached = row ?? defaultTerminalConfig;
    return this.cached;
  }

  /** The library, branch and mode from the enrolment code; undefined while not enrolled (or enrolled before codes named them). */
  enrolment(): TerminalEnrolment | undefined {
    const mode = RegisterTerminalModeSchema.safeParse(readState(this.db, syncKeys.enrolledMode));
    const libraryId = readState(this.db, syncKeys.libraryId);
    const branchId = readState(this.db, syncKeys.branchId);
    return mode.success && libraryId && branchId ? { mode: mode.data, libraryId, branchId } : undefined;
  }

  /** Called after every change of mode, whoever made it (sessions end then: issue 16). */
  onModeChange(listener: (mode: TerminalMode) => void): void {
    this.modeListeners.push(listener);
  }

  /**
   * Changes the settings. Once enrolled, the mode is the one the enrolment code fixed (or the technician
   * screen): any other is refused here, whoever asks (IPC, command line), since a new mode needs a new code.
   */
  update(change: TerminalConfigure): Result<TerminalConfig, Refusal> {
    const allowed = allowedLocalModes(this.enrolment());
    if (change.mode !== undefined && allowed && !allowed.includes(change.mode)) return refuse('forbidden', 'sync.error.modeFixed');
    const previous = this.read();
    const next = { ...previous, ...definedOnly(change) };
    run(
      this.db,
      sql`INSERT INTO terminal_config (id, mode, language, name, updated_at)
          VALUES (1, ${next.mode}, ${next.language}, ${next.name}, ${this.now().toISOString()})
          ON CONFLICT (id) DO UPDATE SET mode = excluded.mode, language = excluded.language,
            name = excluded.name, updated_at = excluded.updated_at`,
    );
    this.cached = next;
    if (next.mode !== previous.mode) for (const listener of this.modeListeners) listener(next.mode);
    return ok(next);
  }
}
