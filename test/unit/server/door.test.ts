import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DoorAccessService } from '../../../src/main/door';
import { all, sql } from '../../../src/main/db/sql';
import { doorCardHash, doorIdentityHash } from '../../../src/common/door-hash';
import type { Credential } from '../../../src/shared/cards/types';
import type { DoorEntitlementsResponse } from '../../../src/shared/sync/protocol';
import { cardCredential, policy } from '../door/helpers';
import { borrowerFields, createMutation, mutation, updateMutation } from '../../helpers/register-fixture';
import { useTempDirs } from '../../helpers/temp-dirs';
import { useTerminalServices } from '../../helpers/terminal-services';
import { useRegister } from '../../helpers/use-register';

// The door's own folder, read below for stray secrets; made before the terminals so it is removed after their shutdown.
const tempDir = useTempDirs('lanedisk-door-terminal-');
const terminal = useTerminalServices();

/** Door kiosks get keyed slow hashes of identity numbers, never the numbers (SPEC 8). On PGlite. */
describe('door entitlements', { timeout: 30_000 }, () => {
  const register = useRegister({ backend: 'pglite', now: () => new Date('2026-11-25T10:00:00Z') });

  it('lists each borrower with hashes, validity, block and an age band, and no identity number, card number or birth date', async () => {
    const desk = await register().terminal('desk');
    const door = await register().terminal('door');
    const child = borrowerFields({ birth_date: '2015-02-01', register_type: 'minor', guardian_name: 'Förälder', guardian_birth_date: '1980-01-01' });
    const teen = borrowerFields({ birth_date: '2010-01-01', blocked: 1 });
    const grown = borrowerFields({ birth_date: '1960-06-06', valid_until: '2027-01-01' });
    await desk.push([createMutation(child, { cards: ['CARD-CHILD'] }), createMutation(teen), createMutation(grown, { cards: ['CARD-A', 'CARD-B'] })]);

    expect((await desk.get('/sync/door-entitlements')).status).toBe(403);
    const pages: DoorEntitlementsResponse[] = [];
    let after = '';
    for (;;) {
      const response = await door.get(`/sync/door-entitlements?limit=2&after=${encodeURIComponent(after)}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as DoorEntitlementsResponse;
      pages.push(page);
      if (!page.next) break;
      after = page.next;
    }
    const entitlements = pages.flatMap((p) => p.entitlements);
    const hash = pages[0]!.hash;
    const byRef = new Map(entitlements.map((e) => [e.ref, e]));
    expect(byRef.get(child.id)).toMatchObject({ ageBand: 'under-15', registerType: 'minor', blocked: false, cardHashes: [doorCardHash('CARD-CHILD', hash)] });
    expect(byRef.get(teen.id)).toMatchObject({ ageBand: '15-17', blocked: true });
    expect(byRef.get(grown.id)).toMatchObject({ ageBand: 'adult', registerType: 'adult', pinHash: null, validUntil: '2027-01-01', cardHashes: [doorCardHash('CARD-A', hash), doorCardHash('CARD-B', hash)] });
    expect(byRef.get(grown.id)!.identityHash).toBe(await doorIdentityHash(grown.identity_number, hash));
    const text = JSON.stringify(pages);
    for (const secret of [child.identity_number, teen.identity_number, grown.identity_number, 'CARD-A', '2015-02-01', '1960-06-06']) expect(text).not.toContain(secret);
  });

  it('feeds a door-mode terminal that decides from the feed alone, holds no number or name, and refuses the erased and the blocked', async () => {
    const desk = await register().terminal('desk');
    const clock = () => new Date('2026-11-25T10:00:00Z');
    const dir = tempDir();
    const services = terminal({ dataDir: dir, now: clock, initialConfig: { mode: 'door' }, env: { LANEDISK_REGISTER_URL: register().url } });
    await services.sync!.enrol(await register().enrolmentCode('door'), { terminalName: 'Door, Limhamn' });
    const kept = borrowerFields({ first_name: 'Dörrhild', last_name: 'Nyckelström' });
    const blocked = borrowerFields({ first_name: 'Spärrvald', last_name: 'Låsgren' });
    const erased = borrowerFields({ first_name: 'Raderad', last_name: 'Glömsk' });
    await desk.push([createMutation(kept, { cards: ['door-1'] }), createMutation(blocked, { cards: ['DOOR-3'] }), createMutation(erased, { cards: ['DOOR-2'] })]);
    // The door's sync refreshes the feed (its first refresh is due at once).
    expect(await services.sync!.syncOnce()).toMatchObject({ online: true, lastError: null });
    const db = services.db;
    const door = new DoorAccessService({ db, keys: services.doorFeedKeys, now: clock, policyFor: () => policy() });
    const id = (n: string): Credential => ({ kind: 'identity', value: n, raw: n });
    expect((await door.decide('malmo', id(kept.identity_number))).reason).toBe('admitted');
    expect((await door.decide('malmo', cardCredential('DOOR-1'))).reason).toBe('admitted');
    expect((await door.decide('malmo', cardCredential('DOOR-2'))).reason).toBe('admitted');
    expect((await door.decide('malmo', id('190001010000'))).reason).toBe('unknown-card');

    // Nothing readable without the key: no identity number, card number, name or e-mail in any table or file byte.
    const secrets = [kept, blocked, erased].flatMap((b) => [b.identity_number, b.first_name, b.last_name, b.email!]).concat(['door-1', 'DOOR-1', 'DOOR-2', 'DOOR-3']);
    const tables = all<{ name: string }>(db, sql`SELECT name FROM sqlite_schema WHERE type = 'table'`).map((t) => t.name);
    const dump = tables.map((t) => JSON.stringify(all(db, sql`SELECT * FROM ${sql.identifier(t)}`))).join('\n');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = Buffer.concat(readdirSync(dir).map((f) => readFileSync(path.join(dir, f))));
    for (const secret of secrets) {
      expect(dump).not.toContain(secret);
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    expect(all(db, sql`SELECT * FROM borrower`)).toEqual([]);

    // Erased: gone at the next sync (id-only pull). Blocked: at the next refresh of the feed.
    await desk.push([mutation('borrower.delete', { id: erased.id }), updateMutation(blocked.id, { blocked: { from: 0, to: 1 } })]);
    await services.sync!.syncOnce();
    expect((await door.decide('malmo', cardCredential('DOOR-2'))).reason).toBe('unknown-card');
    await services.sync!.refreshDoorEntitlements();
    expect((await door.decide('malmo', cardCredential('DOOR-3'))).reason).toBe('blocked');
    expect((await door.decide('malmo', id(blocked.identity_number))).reason).toBe('blocked');
    expect((await door.decide('malmo', id(kept.identity_number))).reason).toBe('admitted');
  });
});
