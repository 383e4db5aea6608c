import { isDatabaseUnavailable } from '../db/client';
import { isTransient, type KeyedResult, type TerminalPush } from './push';

interface Waiting {
  push: TerminalPush;
  resolve: (results: KeyedResult[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for pushes (issue 18). Every push takes the change-log lock and holds it until its commit, fsync
 * included, so pushes are serialised whatever the pool: one push per lock, one fsync per push. Under load the
 * register's event loop is slower to answer each of a push's round trips while it holds the lock, so the lock was
 * held longer and fewer pushes got through as load rose (the collapse the register-load bench showed).
 *
 * Here one transaction runs at a time per register instance; the pushes that arrive meanwhile wait and go
 * together in the next one (`applyPushes`: one lock, one commit for all, each push applied as if alone). The
 * busier the register, the more each commit carries. At most one push per terminal per transaction (its next
 * push must see what the first stored) and at most `maxMutations` mutations per transaction (its lock time stays
 * bounded; a push bigger than that goes alone). A transaction that fails for the database's sake (connection,
 * lock, resources) fails each push in it, and each terminal sends its push again (idempotency keys); any other
 * failure is retried push by push, so one push's trouble never becomes another's.
 */
export class PushCombiner {
  private readonly waiting: Waiting[] = [];
  private running = false;

  constructor(
    private readonly apply: (pushes: readonly TerminalPush[]) => Promise<KeyedResult[][]>,
    private readonly maxMutations = 500,
  ) {}

  push(push: TerminalPush): Promise<KeyedResult[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ push, resolve, reject });
      this.next();
    });
  }

  /** Pushes waiting for the next transaction. */
  get pending(): number {
    return this.waiting.length;
  }

  private next(): void {
    if (this.running || this.waiting.length === 0) return;
    this.running = true;
    const group = this.take();
    void this.run(group).finally(() => {
      this.running = false;
      this.next();
    });
  }

  /** The oldest waiting pushes that fit: one per terminal, at most maxMutations in all (the first always). */
  private take(): Waiting[] {
    const group: Waiting[] = [];
    const terminals = new Set<string>();
    let mutations = 0;
    for (let i = 0; i < this.waiting.length; ) {
      const w = this.waiting[i]!;
      const size = w.push.mutations.length;
      if (group.length > 0 && (terminals.has(w.push.terminal.id) || mutations + size > this.maxMutations)) {
        i++;
        continue;
      }
      group.push(w);
      terminals.add(w.push.terminal.id);
      mutations += size;
      this.waiting.splice(i, 1);
      if (mutations >= this.maxMutations) break;
    }
    return group;
  }

  private async run(group: Waiting[]): Promise<void> {
    try {
      const results = await this.apply(group.map((w) => w.push));
      group.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      if (group.length === 1 || isDatabaseUnavailable(error) || isTransient(error)) {
        for (const w of group) w.reject(error);
        return;
      }
      for (const w of group) {
        try {
          w.resolve((await this.apply([w.push]))[0]!);
        } catch (alone) {
          w.reject(alone);
        }
      }
    }
  }
}
