import type { Logger } from '../log';
import type { TerminalHealthReport } from '../../shared/sync/health';

export interface HealthReporterDeps {
  /** The report as it stands now (undefined while not enrolled: nothing to send). */
  collect: () => TerminalHealthReport | undefined;
  send: (report: TerminalHealthReport) => Promise<void>;
  log: Logger;
  now?: () => Date;
  /** A report is sent at least this often even when nothing changed (default 5 minutes). */
  everyMs?: number;
}

/** The report without its time: what "changed" is judged on. */
const content = (report: TerminalHealthReport) => JSON.stringify({ ...report, reportedAt: undefined });

/**
 * The terminal's health reports to the register: `tick()` (run often, and on hardware events) sends the report
 * when it differs from the last one the register accepted, or when the last is older than `everyMs`. A failed
 * send is tried at the next tick; the register flags a terminal that stays silent.
 */
export class HealthReporter {
  private last: { content: string; at: number } | undefined;
  private sending: Promise<void> | undefined;

  constructor(private readonly deps: HealthReporterDeps) {}

  tick(): Promise<void> {
    this.sending ??= this.sendIfDue().finally(() => {
      this.sending = undefined;
    });
    return this.sending;
  }

  private async sendIfDue(): Promise<void> {
    const report = this.deps.collect();
    if (!report) return;
    const now = (this.deps.now ?? (() => new Date()))().getTime();
    const changed = content(report);
    if (this.last && this.last.content === changed && now - this.last.at < (this.deps.everyMs ?? 300_000)) return;
    try {
      await this.deps.send(report);
      this.last = { content: changed, at: now };
    } catch (error) {
      this.deps.log.info({ err: error instanceof Error ? error.message : String(error) }, 'health report not delivered; tried again at the next tick');
    }
  }
}
