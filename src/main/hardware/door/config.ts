import { z } from 'zod';

/**
 * One door's settings (all times in milliseconds).
 *
 * lockType — how the lock reacts to power:
 *   fail-safe: energised = locked, unpowered = open (magnetic locks, most electric strikes on escape routes);
 *   fail-secure: energised = open, unpowered = locked (motor locks, strikes on outer doors).
 * relayContact — which relay contact the lock is wired through: normally-open (the lock is powered while
 *   the relay is on, the usual case) or normally-closed (powered while the relay is off).
 * safeState — what the door falls back to whenever the software is not in control of it: at start until
 *   the controller is armed, when the watchdog trips, when the controller is closed (app exit) and each time
 *   the relay board reconnects. 'locked' (the default) keeps the library shut on a fault; 'unlocked' suits
 *   a site whose fire or escape policy says the door must release when the system fails.
 */
export const doorConfigSchema = z
  .object({
    /** Relay channel (1-based) that drives the lock. */
    channel: z.number().int().min(1).max(64),
    lockType: z.enum(['fail-safe', 'fail-secure']),
    relayContact: z.enum(['normally-open', 'normally-closed']).default('normally-open'),
    safeState: z.enum(['locked', 'unlocked']).default('locked'),
    /** How long one admission unlocks the door. */
    pulseMs: z.number().int().min(100).max(120_000).default(5000),
    /** Longer pulse requests are cut to this. */
    maxPulseMs: z.number().int().min(100).max(600_000).default(30_000),
    /** Unlocked longer than this in one go (pulses extended by new pulses) trips the watchdog. */
    maxUnlockedMs: z.number().int().min(100).max(3_600_000).default(120_000),
    /**
     * The door service must call feed() at least this often; otherwise the watchdog forces the safe
     * state and refuses pulses until the next feed. 0 turns the feed check off (armed from start).
     */
    feedTimeoutMs: z.number().int().min(0).max(3_600_000).default(10_000),
    /** How often the watchdog looks. */
    watchdogIntervalMs: z.number().int().min(10).max(60_000).default(1000),
    /** Door contact: still open this long after it was relocked → 'held-open' alarm. */
    heldOpenMs: z.number().int().min(1000).max(3_600_000).default(30_000),
    /** Door contact: opening within this time after relocking still counts as the admitted opening, not 'forced'. */
    forcedGraceMs: z.number().int().min(0).max(60_000).default(1000),
  })
  .refine((c) => c.maxPulseMs >= c.pulseMs, { message: 'maxPulseMs must be at least pulseMs', path: ['maxPulseMs'] })
  .refine((c) => c.maxUnlockedMs >= c.maxPulseMs, { message: 'maxUnlockedMs must be at least maxPulseMs', path: ['maxUnlockedMs'] })
  .refine((c) => c.feedTimeoutMs === 0 || c.feedTimeoutMs > c.watchdogIntervalMs, {
    message: 'feedTimeoutMs must be longer than watchdogIntervalMs',
    path: ['feedTimeoutMs'],
  });

export type DoorConfig = z.infer<typeof doorConfigSchema>;
export type DoorConfigInput = z.input<typeof doorConfigSchema>;
export type LockType = DoorConfig['lockType'];
export type RelayContact = DoorConfig['relayContact'];
export type DoorState = DoorConfig['safeState'];
