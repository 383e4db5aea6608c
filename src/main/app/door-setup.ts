import type { Database } from 'better-sqlite3';
import type { Credential } from '../../shared/cards';
import type { OpeningHours } from '../../shared/hardware/settings';
import type { DoorPolicySource } from '../../shared/door/access-policy';
import type { Language } from '../../shared/ipc/contract';
import { DoorAccessService, type DoorFeedKeyStore } from '../door';
import { doorPolicyFrom, doorRulesFromEnv, doorRulesFromSetting } from '../door/policy-from-settings';
import type { DoorRulesSetting } from '../../shared/door/rules-setting';
import { effectiveDoorPolicy } from '../door/register-policy';
import type { Authorizer, HardwareService } from '../hardware/service';
import { systemClock } from '../hardware/relays/clock';
import { DoorOverrides, type DoorOverrideState, type DoorOverrideStore } from '../door/override';
import { all, get, run, sql } from '../db/sql';
import type { DoorOverrideRequest, DoorOverrideView } from '../../shared/door/override';
import type { StaffSession } from '../../shared/ipc/contract';
import type { MessageKey } from '../../shared/i18n/resources';
import { ok, refuse, type Refusal, type Result } from '../../shared/result';
import { writeAudit } from '../privacy/audit';
import type { Translator } from '../ipc/translator';
import { moduleLogger, type Logger } from '../log';
import type { AppEvents } from './events';

/** The override in force, kept in `door_override_state` (terminal migration 0020) so a restart keeps it until its time. */
function overrideStore(db: Database): DoorOverrideStore {
  return {
    load: () => {
      const row = get<{ kind: DoorOverrideState['kind']; until: string; staff_id: string }>(db, sql`SELECT kind, until, staff_id FROM door_override_state WHERE slot = 1`);
      return row ? { kind: row.kind, until: new Date(row.until), staffId: row.staff_id } : null;
    },
    save: (state) => {
      if (!state) run(db, sql`DELETE FROM door_override_state`);
      else
        run(
          db,
          sql`INSERT INTO door_override_state (slot, kind, until, staff_id) VALUES (1, ${state.kind}, ${state.until.toISOString()}, ${state.staffId})
              ON CONFLICT (slot) DO UPDATE SET kind = excluded.kind, until = excluded.until, staff_id = excluded.staff_id`,
        );
    },
  };
}

export interface DoorPolicyInfo {
  branchId: string;
  source: DoorPolicySource;
  scopeId: string | null;
  version: number | null;
  updatedAt: string | null;
}

export interface DoorAnswer {
  admitted: boolean;
  pinRequired: boolean;
  message: string;
}

/**
 * The open-library door (SPEC 6), on a terminal in door mode: decisions from the register's keyed-hash feed
 * stored on this terminal (no identity or card numbers, no names), the result shown and spoken at the door, and
 * the PIN typed at the door terminal when the branch asks for one. Any other mode refuses at its door readers.
 */
export function setUpDoorAccess(deps: {
  db: Database;
  /** The register's door key (outside the database). */
  keys: DoorFeedKeyStore;
  /** Door decisions only in door mode. */
  isDoor: () => boolean;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  log: Logger;
  events: AppEvents;
  translator: Translator;
  language: () => Language;
  /** The branch from the terminal's enrolment code; undefined before enrolment (LANEDISK_BRANCH_ID overrides it, for tests). */
  branchId: () => string | undefined;
  /** The technician's self-service hours, read at each decision. */
  openingHours: () => OpeningHours;
  /** The technician's door rules (minimum age, consent, PIN, anti-passback, time zone), read at each decision. */
  doorRules: () => DoorRulesSetting;
  /** Pulses the door relay for an admission decided after the read. */
  openDoor: () => Promise<unknown>;
  /** The relay for staff overrides (open once, hold open); absent: overrides only lock down. */
  hardware?: Pick<HardwareService, 'pulseDoorFor' | 'holdDoor' | 'current'>;
  /** Whether staff may override the door here (a door terminal, or its technician screen). */
  mayOverride?: () => boolean;
  /** Who is signed in on this terminal (the technician gate's session). */
  staff?: () => StaffSession | undefined;
  /** Someone was admitted (the building's occupancy estimate counts them; issue 14). */
  onAdmitted?: () => void;
}) {
  const { db, now, events, translator } = deps;
  // Before enrolment there is no branch: no register policy can apply, the technician's local rules do.
  const branchId = () => deps.env.LANEDISK_BRANCH_ID ?? deps.branchId() ?? '';
  // The technician's rules; LANEDISK_DOOR_* environment variables override them for tests only.
  const localPolicy = () => doorPolicyFrom(deps.openingHours(), doorRulesFromEnv(deps.env, doorRulesFromSetting(deps.doorRules())));
  // Staff override (issue 13): timers on the real clock, time from the services' clock.
  const overrideClock = { ...systemClock, now: () => now().getTime() };
  const overrides = new DoorOverrides({
    clock: overrideClock,
    maxPulseMs: 30_000,
    pulse: async (ms) => ({ ok: deps.hardware ? (await deps.hardware.pulseDoorFor(ms)).ok : false }),
    hold: (until) => deps.hardware?.holdDoor(until ? until.getTime() : null),
    audit: ({ at, ...entry }) => writeAudit(db, { ...entry, subjectType: 'terminal', subjectId: null }, at),
    log: moduleLogger(deps.log, 'door'),
    store: overrideStore(db),
  });
  const access = new DoorAccessService({
    db,
    keys: deps.keys,
    now,
    log: moduleLogger(deps.log, 'door'),
    policyFor: (branch) => effectiveDoorPolicy(db, branch, localPolicy).policy,
    lockedDownUntil: () => overrides.lockedDownUntil(),
  });
  const overrideView = (): DoorOverrideView => {
    const state = overrides.current();
    return state ? { kind: state.kind, until: state.until.toISOString(), staffId: state.staffId } : null;
  };
  const overrideRefusals: Record<string, MessageKey> = {
    'until-not-future': 'door.override.error.untilNotFuture',
    'until-too-far': 'door.override.error.untilTooFar',
    'relay-error': 'hardware.pulse.relayError',
  };
  /** Open once, hold open or lock down until a time, or end the override; only on a door, as the signed-in staff member. */
  async function setOverride(request: DoorOverrideRequest): Promise<Result<DoorOverrideView, Refusal>> {
    if (!(deps.mayOverride ?? deps.isDoor)()) return refuse('forbidden', 'door.override.error.notDoor');
    const s = deps.staff?.();
    const staff = { staffId: s?.staffId ?? 'technician', libraryId: s?.libraryId ?? null };
    const until = request.until === undefined ? undefined : new Date(request.until);
    const invalidUntil = (code: string) => refuse('validation', overrideRefusals[code]!, undefined, [{ path: 'until', message: overrideRefusals[code]! }]);
    switch (request.action) {
      case 'clear':
        overrides.clear(staff);
        return ok(overrideView());
      case 'open-once': {
        const done = await overrides.openOnce(staff, deps.hardware?.current().settings.door.openTimeMs ?? 5000);
        return done.ok ? ok(overrideView()) : refuse('unavailable', 'hardware.pulse.relayError');
      }
      case 'hold-open': {
        const done = await overrides.holdOpen(staff, until!);
        if (done.ok) return ok(overrideView());
        return done.reason === 'relay-error' ? refuse('unavailable', 'hardware.pulse.relayError') : invalidUntil(done.reason);
      }
      case 'lock-down': {
        const done = overrides.lockDown(staff, until!);
        return done.ok ? ok(overrideView()) : invalidUntil(done.reason);
      }
    }
  }

  /**
   * Overrides desk staff set for this branch through the register (`door_override.set`), each applied once after the
   * pull that brought it, as the staff member who set it. An open-once that waited more than two minutes (the door was
   * offline) is dropped: nobody may be standing there for it. A hold or lockdown whose time has passed is refused by
   * override.ts and dropped too.
   */
  async function applyPulledOverrides(): Promise<void> {
    if (!deps.isDoor()) return;
    const rows = all<{ id: string; library_id: string; action: DoorOverrideRequest['action']; until: string | null; staff_id: string; created_at: string }>(
      db,
      sql`SELECT id, library_id, action, until, staff_id, created_at FROM door_override_pulled WHERE applied = 0 ORDER BY rowid`,
    );
    for (const row of rows) {
      run(db, sql`UPDATE door_override_pulled SET applied = 1 WHERE id = ${row.id}`);
      const staff = { staffId: row.staff_id, libraryId: row.library_id };
      const until = row.until === null ? null : new Date(row.until);
      const log = moduleLogger(deps.log, 'door');
      switch (row.action) {
        case 'clear':
          overrides.clear(staff);
          break;
        case 'open-once':
          if (now().getTime() - new Date(row.created_at).getTime() > 2 * 60_000) log.warn({ id: row.id }, 'open-once from the register too old; not opened');
          else await overrides.openOnce(staff, deps.hardware?.current().settings.door.openTimeMs ?? 5000);
          break;
        case 'hold-open': {
          const done = await overrides.holdOpen(staff, until!);
          if (!done.ok) log.warn({ id: row.id, reason: done.reason }, 'hold-open from the register not applied');
          break;
        }
        case 'lock-down': {
          const done = overrides.lockDown(staff, until!);
          if (!done.ok) log.warn({ id: row.id, reason: done.reason }, 'lock-down from the register not applied');
          break;
        }
      }
    }
  }

  // The card read at the door while its PIN is asked for (kept in memory only, for a minute).
  let awaitingPin: { credential: Credential; until: number } | undefined;

  const announce = (decision: Awaited<ReturnType<DoorAccessService['decide']>>): DoorAnswer => {
    const answer = {
      admitted: decision.admit,
      pinRequired: decision.reason === 'pin-required' || decision.reason === 'pin-wrong',
      message: translator.t(deps.language(), decision.messages.borrower, { ...decision.params }),
    };
    // Shown (and optionally spoken) at the door: the result in plain words.
    events.emit('kiosk.door', answer);
    if (decision.admit) deps.onAdmitted?.();
    return answer;
  };

  const authorize: Authorizer = async (credential) => {
    if (!deps.isDoor()) return { allow: false, reason: 'not-a-door' };
    const decision = await access.decide(branchId(), credential);
    awaitingPin = decision.reason === 'pin-required' ? { credential, until: now().getTime() + 60_000 } : undefined;
    announce(decision);
    return decision.admit ? { allow: true } : { allow: false, reason: decision.reason };
  };

  /** A PIN typed at the door terminal for the card just read: decide again and open on success. */
  async function pin(value: string): Promise<DoorAnswer> {
    if (!awaitingPin || awaitingPin.until < now().getTime()) {
      awaitingPin = undefined;
      return { admitted: false, pinRequired: false, message: translator.t(deps.language(), 'kiosk.error.noSession') };
    }
    const decision = await access.decide(branchId(), awaitingPin.credential, value);
    if (decision.reason !== 'pin-wrong') awaitingPin = undefined;
    const answer = announce(decision);
    if (decision.admit) await deps.openDoor();
    return answer;
  }

  return {
    authorize,
    pin,
    override: {
      current: overrideView,
      set: setOverride,
      close: () => overrides.close(),
      /** At start: the override kept from before a restart (if still in force), then any pulled and not yet applied. */
      restore: async () => {
        if (!deps.isDoor()) return;
        await overrides.restore();
        await applyPulledOverrides();
      },
      /** After a pull that brought `door_override.set`. */
      applyPulled: applyPulledOverrides,
    },
    /** The branch's self-service schedule in force (the register's policy, else the technician's hours), or null. */
    schedule: () => effectiveDoorPolicy(db, branchId(), localPolicy).policy?.schedule ?? null,
    /** Until when staff hold the door open, or null (the building's lock-up waits for it). */
    heldOpenUntil: () => {
      const state = overrides.current();
      return state?.kind === 'hold-open' ? state.until : null;
    },
    /** For the technician screen: whether the register's access policy or the local settings rule this door. */
    policySource: (): DoorPolicyInfo => {
      const branch = branchId();
      const { source, scopeId, version, updatedAt } = effectiveDoorPolicy(db, branch, localPolicy);
      return { branchId: branch, source, scopeId: scopeId ?? null, version: version ?? null, updatedAt: updatedAt ?? null };
    },
  };
}
