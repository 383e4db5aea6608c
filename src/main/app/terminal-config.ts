import type { Database } from 'better-sqlite3';
import type { Language, TerminalConfigure, TerminalMode } from '../../shared/ipc/contract';
import { definedOnly } from '../../shared/objects';
import { get, run, sql } from '../db/sql';

export interface TerminalConfig {
  mode: TerminalMode;
  language: Language;
  name: string;
}

export const defaultTerminalConfig: TerminalConfig = { mode: 'desk', language: 'sv', name: 'Lånedisk' };

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

  /** Called after every change of mode, whoever made it (sessions end then: issue 16). */
  onModeChange(listener: (mode: TerminalMode) => void): void {
    this.modeListeners.push(listener);
  }

  update(change: TerminalConfigure): TerminalConfig {
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
    return next;
  }
}
