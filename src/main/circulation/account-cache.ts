import type { PatronAccount } from './types';

/**
 * The library system's last answer about a borrower's account, kept in memory only (never on disk) for a
 * while, so an account asked for while the system is unreachable can be shown, marked as from the cache.
 */
export class AccountCache {
  private readonly entries = new Map<string, { account: PatronAccount; at: Date }>();

  constructor(
    private readonly minutes: number,
    private readonly maxEntries: number,
  ) {}

  put(patronId: string, account: PatronAccount, now: Date): void {
    if (this.maxEntries === 0) return;
    this.entries.delete(patronId);
    this.entries.set(patronId, { account, at: now });
    // The oldest answer goes first.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get(patronId: string, now: Date): { account: PatronAccount; at: string } | undefined {
    const entry = this.entries.get(patronId);
    if (!entry) return undefined;
    if (now.getTime() - entry.at.getTime() > this.minutes * 60_000) {
      this.entries.delete(patronId);
      return undefined;
    }
    return { account: entry.account, at: entry.at.toISOString() };
  }
}
