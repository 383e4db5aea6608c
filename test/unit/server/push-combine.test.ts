import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegisterServer, type RegisterServer } from '../../../src/server/app';
import { createPgliteDb, createPostgresDb, type RegisterDb } from '../../../src/server/db/client';
import { sql } from '../../../src/server/db/sql';
import type { KeyedResult, TerminalPush } from '../../../src/server/sync/push';
import { PushCombiner } from '../../../src/server/sync/push-combine';
import { startPostgres, describeEachBackend, type TestPostgres } from '../../helpers/postgres';
import { adminToken, borrowerFields, createMutation, seedReferenceData } from '../../helpers/register-fixture';

const terminal = (id: string) => ({ id, name: id, mode: 'desk' as const, libraryId: 'malmo', branchId: 'malmo' });
const push = (id: string, mutations: number): TerminalPush => ({
  terminal: terminal(id),
  mutations: Array.from({ length: mutations }, (_, i) => ({ idempotencyKey: `${id}-${i}`, seq: i + 1, kind: 'borrower.create', payload: {} })),
});
const applied = (p: TerminalPush): KeyedResult[] => p.mutations.map((m) => ({ status: 'applied', idempotencyKey: m.idempotencyKey }));

/** A fake `applyPushes`: each call waits until the test settles it, and is recorded. */
function fakeApply() {
  const calls: { pushes: readonly TerminalPush[]; settle: (error?: Error) => void }[] = [];
  const apply = (pushes: readonly TerminalPush[]) =>
    new Promise<KeyedResult[][]>((resolve, reject) => {
      calls.push({ pushes, settle: (error) => (error === undefined ? resolve(pushes.map(applied)) : reject(error)) });
    });
  const terminalsOf = (i: number) => calls[i]!.pushes.map((p) => p.terminal.id);
  return { calls, apply, terminalsOf };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PushCombiner (group commit for pushes)', () => {
  it('commits the pushes that arrived while a transaction ran together in the next one, one per terminal, in order', async () => {
    const fake = fakeApply();
    const combiner = new PushCombiner(fake.apply);
    const first = combiner.push(push('x', 1));
    const waiting = [combiner.push(push('b', 2)), combiner.push(push('a', 1)), combiner.push(push('a', 1)), combiner.push(push('c', 1))];
    await tick();
    expect(fake.calls.length).toBe(1);
    expect(fake.terminalsOf(0)).toEqual(['x']);
    fake.calls[0]!.settle();
    expect((await first).map((r) => r.status)).toEqual(['applied']);
    await tick();
    // Terminal a's second push waits for the next transaction: it must see what its first one stored.
    expect(fake.terminalsOf(1)).toEqual(['b', 'a', 'c']);
    fake.calls[1]!.settle();
    await tick();
    expect(fake.terminalsOf(2)).toEqual(['a']);
    fake.calls[2]!.settle();
    expect((await Promise.all(waiting)).map((r) => r.length)).toEqual([2, 1, 1, 1]);
    expect(combiner.pending).toBe(0);
  });

  it('puts at most maxMutations in one transaction; a bigger push goes alone', async () => {
    const fake = fakeApply();
    const combiner = new PushCombiner(fake.apply, 5);
    const all = [combiner.push(push('a', 7)), combiner.push(push('b', 3)), combiner.push(push('c', 2)), combiner.push(push('d', 1))];
    await tick();
    expect(fake.terminalsOf(0)).toEqual(['a']);
    fake.calls[0]!.settle();
    await tick();
    expect(fake.terminalsOf(1)).toEqual(['b', 'c']);
    fake.calls[1]!.settle();
    await tick();
    expect(fake.terminalsOf(2)).toEqual(['d']);
    fake.calls[2]!.settle();
    await Promise.all(all);
  });

  it('retries push by push when a combined transaction fails for one push: the others are applied, only that one fails', async () => {
    const fake = fakeApply();
    const combiner = new PushCombiner(fake.apply);
    const first = combiner.push(push('a', 1));
    const b = combiner.push(push('b', 1));
    const bad = combiner.push(push('bad', 1));
    await tick();
    fake.calls[0]!.settle();
    await first;
    await tick();
    expect(fake.terminalsOf(1)).toEqual(['b', 'bad']);
    fake.calls[1]!.settle(new Error('a bug with one push'));
    await tick();
    expect(fake.terminalsOf(2)).toEqual(['b']);
    fake.calls[2]!.settle();
    await tick();
    expect(fake.terminalsOf(3)).toEqual(['bad']);
    fake.calls[3]!.settle(new Error('a bug with one push'));
    expect((await b).map((r) => r.status)).toEqual(['applied']);
    await expect(bad).rejects.toThrow('a bug with one push');
  });

  it('fails every push of a transaction the database broke off (each terminal sends it again), without retrying here', async () => {
    const fake = fakeApply();
    const combiner = new PushCombiner(fake.apply);
    const first = combiner.push(push('a', 1));
    const rest = [combiner.push(push('b', 1)), combiner.push(push('c', 1))];
    await tick();
    fake.calls[0]!.settle();
    await first;
    await tick();
    fake.calls[1]!.settle(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    for (const p of rest) await expect(p).rejects.toMatchObject({ code: '57P01' });
    expect(fake.calls.length).toBe(2);
  });
});

/**
 * The register with a small push gate: pushes sent at once from several terminals are committed together, what
 * the gate has no room for is refused 503 overloaded with Retry-After, and a refused push sent again with the same
 * idempotency keys is applied exactly once.
 */
describeEachBackend('pushes under load on %s: shed with 503 and Retry-After, every registration applied exactly once', { timeout: 120_000 }, (backend) => {
  let cluster: TestPostgres | undefined;
  let db: RegisterDb;
  let server: RegisterServer;
  beforeAll(async () => {
    if (backend === 'postgres') {
      cluster = await startPostgres();
      db = createPostgresDb(cluster.url);
    } else db = await createPgliteDb(undefined);
    server = await createRegisterServer({ db, adminToken, load: { push: { maxConcurrent: 3, maxQueue: 0, maxWaitMs: 1_000, retryAfterSeconds: 4 } } });
    const admin = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const r = await server.app.inject({ method, url, headers: { authorization: `Bearer ${adminToken}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
      return { status: r.statusCode, body: r.json<T>() };
    };
    await seedReferenceData(admin);
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await db.close();
    await cluster?.stop();
  });

  const enrol = async (name: string) => {
    const code = await server.app.inject({ method: 'POST', url: '/admin/enrolment-codes', headers: { authorization: `Bearer ${adminToken}` }, payload: { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' } });
    const enrolled = await server.app.inject({ method: 'POST', url: '/enrol', payload: { code: code.json<{ code: string }>().code, terminalName: name } });
    return enrolled.json<{ terminalId: string; token: string }>();
  };

  it('sheds what finds no slot, applies the rest once, and applies each shed push once when it comes back with the same keys', async () => {
    const terminals = await Promise.all(Array.from({ length: 8 }, (_, i) => enrol(`Desk ${i}`)));
    const bodies = terminals.map((t) => ({
      terminal: t,
      body: { terminalId: t.terminalId, mutations: Array.from({ length: 3 }, (_, i) => ({ seq: i + 1, ...createMutation(borrowerFields()) })) },
    }));
    const send = (p: (typeof bodies)[number]) => server.app.inject({ method: 'POST', url: '/sync/push', headers: { authorization: `Bearer ${p.terminal.token}` }, payload: p.body });

    const first = await Promise.all(bodies.map(send));
    const shed = first.filter((r) => r.statusCode === 503);
    expect(shed.length).toBeGreaterThan(0);
    for (const r of shed) {
      expect(r.headers['retry-after']).toBe('4');
      expect(r.json()).toMatchObject({ code: 'overloaded' });
    }
    for (const r of first.filter((x) => x.statusCode === 200)) expect(r.json<{ results: KeyedResult[] }>().results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);

    // Every terminal sends again what it has no answer for (the shed ones), as often as it is shed; and one that was
    // answered sends its push again (its answer was lost): the stored answers come back, nothing is applied twice.
    const again = bodies.filter((_, i) => first[i]!.statusCode === 503);
    const answered = bodies.find((_, i) => first[i]!.statusCode === 200)!;
    while (again.length > 0) {
      const round = await Promise.all(again.map(send));
      for (let i = round.length - 1; i >= 0; i--) {
        if (round[i]!.statusCode === 200) {
          expect(round[i]!.json<{ results: KeyedResult[] }>().results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
          again.splice(i, 1);
        } else expect(round[i]!.statusCode).toBe(503);
      }
    }
    const repeat = await send(answered);
    expect(repeat.json<{ results: (KeyedResult & { duplicate?: boolean })[] }>().results.map((x) => [x.status, x.duplicate])).toEqual([
      ['applied', true],
      ['applied', true],
      ['applied', true],
    ]);

    const ids = bodies.flatMap((b) => b.body.mutations.map((m) => (m.payload as { id: string }).id));
    const [borrowers] = await db.query<{ n: number | string }>(sql`SELECT count(*) AS n FROM borrower WHERE id IN (${sql.join(ids)})`);
    expect(Number(borrowers!.n)).toBe(24);
    const [answers] = await db.query<{ n: number | string }>(sql`SELECT count(*) AS n FROM push_result WHERE terminal_id IN (${sql.join(terminals.map((t) => t.terminalId))})`);
    expect(Number(answers!.n)).toBe(24);
    const [logged] = await db.query<{ n: number | string }>(sql`SELECT count(*) AS n FROM change_log WHERE entity_type = 'borrower' AND entity_id IN (${sql.join(ids)})`);
    expect(Number(logged!.n)).toBe(24);
  });
});
