import type { Database } from 'better-sqlite3';
import type { InvokeChannel } from '../../shared/ipc/channels';
import { hardwareChannels } from '../../shared/ipc/features/hardware.channels';
import type { ParsedRequest, StaffSession, TechnicianStatus, TerminalMode } from '../../shared/ipc/contract';
import { ok, refuse, type Refusal, type Result } from '../../shared/result';
import { get, sql } from '../db/sql';
import type { DeskService } from '../desk/service';
import { guardChannels, type Handlers } from '../ipc/dispatcher';
import type { FeatureHandlers } from './features/types';

const technicianRoles = new Set(['technician', 'admin']);

/**
 * What only a technician may do (SPEC 1): configure and test readers and relays, set door timing and
 * opening hours, enrol the terminal, change its mode. Every hardware channel is guarded unless listed
 * open here (a new one is guarded by default): read-only status and the keyboard-wedge forwarding every
 * mode needs.
 */
const openHardwareChannels: ReadonlySet<InvokeChannel> = new Set(['hardware.profiles', 'hardware.status', 'hardware.keystroke']);
export const technicianChannels: readonly InvokeChannel[] = [...hardwareChannels.filter((c) => !openHardwareChannels.has(c)), 'sync.enrol'];

export interface TechnicianGate {
  status(): TechnicianStatus;
  /** A 'forbidden' refusal unless a technician (or administrator) is signed in, or none exists yet. */
  check(): Result<void, Refusal>;
}

/**
 * The technician login uses the staff accounts the terminal holds (from the register, or the demo seed):
 * role technician or admin. A terminal that knows no such account yet (a fresh install, before it is
 * enrolled and has pulled staff) is open, so it can be set up and enrolled; the screen says so.
 */
export function createTechnicianGate(deps: { db: Database; desk: DeskService }): TechnicianGate {
  const required = () => get(deps.db, sql`SELECT 1 AS found FROM staff WHERE active = 1 AND role IN ('technician', 'admin') LIMIT 1`) !== undefined;
  const signedIn = () => {
    const session = deps.desk.current();
    return session !== undefined && technicianRoles.has(session.role) ? session : undefined;
  };
  return {
    status() {
      const session = signedIn();
      return { required: required(), signedIn: session !== undefined, name: session?.name ?? null };
    },
    check() {
      if (signedIn() || !required()) return ok(undefined);
      return refuse('forbidden', 'technician.login.required');
    },
  };
}

export function technicianHandlers(deps: {
  gate: TechnicianGate;
  desk: DeskService;
  /** Sign-in with the account's attempt limit (sign-in-limits.ts). */
  login: (email: string, password: string) => Promise<Result<StaffSession, Refusal>>;
}): FeatureHandlers<'technician.status' | 'technician.login' | 'technician.logout'> {
  const { gate, desk } = deps;
  return {
    'technician.status': () => ok(gate.status()),
    'technician.login': async ({ email, password }) => {
      const session = await deps.login(email, password);
      if (!session.ok) return session;
      if (!technicianRoles.has(session.value.role)) {
        desk.logout();
        return refuse('forbidden', 'technician.login.notTechnician');
      }
      return ok(gate.status());
    },
    'technician.logout': () => {
      if (desk.current()) desk.logout();
      return ok(gate.status());
    },
  };
}

/**
 * Puts the technician channels behind the gate; a mode change through terminal.configure too (a kiosk
 * must not be turned into something else by whoever stands at it). Language and name stay open.
 */
export function guardTechnicianChannels(handlers: Handlers, gate: TechnicianGate, currentMode: () => TerminalMode): Handlers {
  const denied = () => {
    const allowed = gate.check();
    return allowed.ok ? undefined : allowed;
  };
  return guardChannels(handlers, [...technicianChannels, 'terminal.configure'], (channel, request) => {
    if (channel !== 'terminal.configure') return denied();
    const { mode } = request as ParsedRequest<'terminal.configure'>;
    return mode !== undefined && mode !== currentMode() ? denied() : undefined;
  });
}
