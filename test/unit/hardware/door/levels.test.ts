import { describe, expect, it } from 'vitest';
import { doorConfigSchema } from '../../../../src/main/hardware/door/config';
import { lockEnergised, relayLevel } from '../../../../src/main/hardware/door/levels';

describe('lock type → relay level', () => {
  it('fail-safe locks are powered to lock, fail-secure locks are powered to open', () => {
    expect(lockEnergised('fail-safe', 'locked')).toBe(true);
    expect(lockEnergised('fail-safe', 'unlocked')).toBe(false);
    expect(lockEnergised('fail-secure', 'locked')).toBe(false);
    expect(lockEnergised('fail-secure', 'unlocked')).toBe(true);
  });

  it('a normally-open contact follows the lock power; a normally-closed one inverts it', () => {
    expect(relayLevel('fail-safe', 'normally-open', 'locked')).toBe(true);
    expect(relayLevel('fail-safe', 'normally-open', 'unlocked')).toBe(false);
    expect(relayLevel('fail-secure', 'normally-open', 'locked')).toBe(false);
    expect(relayLevel('fail-secure', 'normally-open', 'unlocked')).toBe(true);
    expect(relayLevel('fail-safe', 'normally-closed', 'locked')).toBe(false);
    expect(relayLevel('fail-secure', 'normally-closed', 'unlocked')).toBe(false);
  });
});

describe('door configuration schema', () => {
  it('needs the lock type and defaults the rest, with locked as the safe state', () => {
    expect(doorConfigSchema.safeParse({ channel: 1 }).success).toBe(false);
    expect(doorConfigSchema.parse({ channel: 1, lockType: 'fail-secure' })).toEqual({
      channel: 1,
      lockType: 'fail-secure',
      relayContact: 'normally-open',
      safeState: 'locked',
      pulseMs: 5000,
      maxPulseMs: 30_000,
      maxUnlockedMs: 120_000,
      feedTimeoutMs: 10_000,
      watchdogIntervalMs: 1000,
      heldOpenMs: 30_000,
      forcedGraceMs: 1000,
    });
  });

  it('refuses timings that contradict each other', () => {
    const base = { channel: 1, lockType: 'fail-safe' } as const;
    expect(doorConfigSchema.safeParse({ ...base, pulseMs: 10_000, maxPulseMs: 5000 }).success).toBe(false);
    expect(doorConfigSchema.safeParse({ ...base, maxPulseMs: 60_000, maxUnlockedMs: 30_000 }).success).toBe(false);
    expect(doorConfigSchema.safeParse({ ...base, feedTimeoutMs: 500, watchdogIntervalMs: 1000 }).success).toBe(false);
    expect(doorConfigSchema.safeParse({ ...base, feedTimeoutMs: 0 }).success).toBe(true);
  });
});
