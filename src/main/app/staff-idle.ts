import { z } from 'zod';
import type { StaffSession } from '../../shared/ipc/contract';
import type { Logger } from '../log';

/**
 * Ends a staff session (desk or technician sign-in) after `idleMs` without a call from the page, measured on
 * the services' clock, so a desk left signed in does not stay open for whoever comes next (issue 16). Checked
 * before every call (an idle session is gone before the call runs) and by a timer, so the page shows the
 * sign-in again without anyone touching it. A new session counts from when it is first seen.
 */
export class StaffIdleGuard {
  private tracked: StaffSession | undefined;
  private lastActivity = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deps: {
      current: () => StaffSession | undefined;
      /** Signs out (audited) and tells the page. */
      end: () => void;
      now: () => Date;
      idleMs: number;
      log: Logger;
    },
  ) {}

  /** Ends the session if it has been idle too long; true when it did. */
  expire(): boolean {
    const session = this.follow();
    if (!session || this.deps.now().getTime() - this.lastActivity < this.deps.idleMs) return false;
    this.deps.log.info({ idleSeconds: Math.round(this.deps.idleMs / 1000) }, 'staff session ended after idle time');
    this.tracked = undefined;
    this.deps.end();
    return true;
  }

  /** A call from the page: the session (if any) is in use now. */
  touch(): void {
    if (!this.follow()) return;
    this.lastActivity = this.deps.now().getTime();
    this.arm(this.deps.idleMs);
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private follow(): StaffSession | undefined {
    const session = this.deps.current();
    if (session !== this.tracked) {
      this.tracked = session;
      this.lastActivity = this.deps.now().getTime();
      if (session) this.arm(this.deps.idleMs);
    }
    if (!session) this.close();
    return session;
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.expire() || !this.tracked) return;
      // Not idle on the services' clock yet (activity meanwhile, or a clock of its own): look again when it could be.
      this.arm(Math.max(this.lastActivity + this.deps.idleMs - this.deps.now().getTime(), 1000));
    }, ms);
    this.timer.unref();
  }
}

/** LANEDISK_STAFF_IDLE_SECONDS: idle time before a staff session ends (default 600 = 10 minutes; 5 s to a day). */
export function staffIdleMsFromEnv(env: Readonly<Record<string, string | undefined>>): number {
  const value = env.LANEDISK_STAFF_IDLE_SECONDS;
  if (value === undefined || value === '') return 600_000;
  const parsed = z.coerce.number().int().min(5).max(86_400).safeParse(value);
  if (!parsed.success || !/^\d+$/.test(value)) throw new Error(`LANEDISK_STAFF_IDLE_SECONDS must be whole seconds from 5 to 86400; got ${JSON.stringify(value)}`);
  return parsed.data * 1000;
}
