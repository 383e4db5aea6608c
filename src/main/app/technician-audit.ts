import type { Database } from 'better-sqlite3';
import type { HardwareSettings } from '../../shared/hardware/settings';
import type { InvokeChannel } from '../../shared/ipc/channels';
import type { StaffSession } from '../../shared/ipc/contract';
import { writeAudit } from '../privacy/audit';
import type { Handlers } from '../ipc/dispatcher';

/** Audit actions of the channels that change how the terminal works (SPEC 2: every change is logged with who and when). */
const auditedChannels = {
  'hardware.applyReaders': 'terminal.readers',
  'hardware.applyDoor': 'terminal.door',
  'hardware.setOpeningHours': 'terminal.opening-hours',
  'hardware.setDoorRules': 'terminal.door-rules',
  'hardware.applyPrinter': 'terminal.printer',
  'hardware.setKioskSettings': 'terminal.kiosk-settings',
  'hardware.applyRfid': 'terminal.rfid',
  'hardware.setBuilding': 'terminal.building',
  'hardware.importSettings': 'terminal.import-settings',
  'hardware.testPulse': 'terminal.test-pulse',
  'sync.enrol': 'terminal.enrol',
  'terminal.configure': 'terminal.configure',
} as const satisfies Partial<Record<InvokeChannel, string>>;

interface TerminalState {
  settings: HardwareSettings;
  config: { mode: string; language: string; name: string };
}

export interface TechnicianAuditDeps {
  db: Database;
  now: () => Date;
  /** The signed-in staff member (the technician gate's session), if any: a fresh terminal is open. */
  session: () => StaffSession | undefined;
  state: () => TerminalState;
}

/**
 * Wraps the technician's changing channels so each success writes an audit row: who (staff and library,
 * or none on a terminal not yet set up), which channel, and what changed: the names of the hardware
 * settings groups that differ and the old and new mode, language and name. Never values that could be
 * secret (an enrolment code, a reader's raw data); failures change nothing and are not rows here.
 */
export function auditTechnicianChanges(handlers: Handlers, deps: TechnicianAuditDeps): Handlers {
  const wrapped: Partial<Record<InvokeChannel, unknown>> = {};
  for (const [channel, action] of Object.entries(auditedChannels) as [keyof typeof auditedChannels, string][]) {
    const handler = handlers[channel] as (request: never, ctx: never) => unknown;
    wrapped[channel] = async (request: never, ctx: never) => {
      // Who and what before the change: a mode change or enrolment may end the session it was made in.
      const s = deps.session();
      const before = deps.state();
      const result = (await handler(request, ctx)) as { ok: boolean };
      if (!result.ok) return result;
      writeAudit(
        deps.db,
        { staffId: s?.staffId ?? null, libraryId: s?.libraryId ?? null, action, subjectType: 'terminal', subjectId: null, details: { channel, ...changes(before, deps.state()) } },
        deps.now(),
      );
      return result;
    };
  }
  return { ...handlers, ...(wrapped as Partial<Handlers>) };
}

function changes(before: TerminalState, after: TerminalState): { settings: string[]; config: Record<string, { from: string; to: string }> } {
  const keys = new Set([...Object.keys(before.settings), ...Object.keys(after.settings)]) as Set<keyof HardwareSettings>;
  const settings = [...keys].filter((k) => JSON.stringify(before.settings[k]) !== JSON.stringify(after.settings[k])).sort();
  const config: Record<string, { from: string; to: string }> = {};
  for (const key of ['mode', 'language', 'name'] as const) {
    if (before.config[key] !== after.config[key]) config[key] = { from: before.config[key], to: after.config[key] };
  }
  return { settings, config };
}
