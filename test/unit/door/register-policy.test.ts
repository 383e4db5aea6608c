import { describe, expect, it } from 'vitest';
import { effectiveDoorPolicy } from '../../../src/main/door/register-policy';
import { run, sql } from '../../../src/main/db/sql';
import { applyAccessPolicy } from '../../../src/main/sync/apply/access-policy';
import { silentLogger } from '../../helpers/logger';
import { testServices } from '../../helpers/services';
import { alwaysOpen, doorDatabase, policy, usualHours } from './helpers';

function setup() {
  const db = doorDatabase();
  run(db, sql`INSERT INTO library (id, name, parent_id, country, municipality) VALUES ('malmo', 'Malmö', NULL, 'SE', 'Malmö'), ('malmo-limhamn', 'Limhamn', 'malmo', 'SE', 'Malmö')`);
  return db;
}
const local = policy({ schedule: alwaysOpen });
const row = (scope: string, branch: string | null, version: number) => ({
  scope_id: scope,
  library_id: 'malmo',
  branch_id: branch,
  policy: policy({ schedule: usualHours(), pinPolicy: 'required' }),
  version,
  updated_at: '2026-11-25T10:00:00.000Z',
});

describe('effectiveDoorPolicy', () => {
  it('uses the local settings until the register sends a policy, then the library’s, then the branch’s own', () => {
    const db = setup();
    expect(effectiveDoorPolicy(db, 'malmo-limhamn', () => local)).toEqual({ policy: local, source: 'local' });
    expect(effectiveDoorPolicy(db, 'malmo-limhamn', () => null)).toEqual({ policy: null, source: 'none' });
    applyAccessPolicy(db, row('malmo', null, 1));
    expect(effectiveDoorPolicy(db, 'malmo-limhamn', () => local)).toMatchObject({ source: 'register', scopeId: 'malmo', version: 1, policy: { pinPolicy: 'required' } });
    applyAccessPolicy(db, { ...row('malmo-limhamn', 'malmo-limhamn', 3), policy: policy({ schedule: usualHours(), pinPolicy: 'optional' }) });
    expect(effectiveDoorPolicy(db, 'malmo-limhamn', () => local)).toMatchObject({ source: 'register', scopeId: 'malmo-limhamn', version: 3, policy: { pinPolicy: 'optional' } });
    // The library itself, as a branch id, gets the library's policy.
    expect(effectiveDoorPolicy(db, 'malmo', () => local)).toMatchObject({ scopeId: 'malmo' });
  });

  it('ignores a stored policy that no longer parses (falls back to the local settings)', () => {
    const db = setup();
    run(db, sql`INSERT INTO access_policy (scope_id, library_id, branch_id, policy, version, updated_at) VALUES ('malmo', 'malmo', NULL, '{"schedule": 1}', 1, '2026-11-25')`);
    expect(effectiveDoorPolicy(db, 'malmo-limhamn', () => local, silentLogger)).toEqual({ policy: local, source: 'local' });
  });
});

describe('hardware.doorPolicy (technician screen)', () => {
  it('says the local opening hours rule the door until the register sends a policy for its branch', async () => {
    const services = testServices({ env: { LANEDISK_BRANCH_ID: 'malmo-limhamn' } });
    try {
      // No staff accounts on this terminal: the technician channels are open (src/main/app/technician-gate.ts).
      const ctx = { host: 'web' } as const;
      // The default settings' hours are valid: the local policy rules.
      expect(await services.dispatcher.dispatch('hardware.doorPolicy', {}, ctx)).toEqual({
        ok: true,
        value: { branchId: 'malmo-limhamn', source: 'local', scopeId: null, version: null, updatedAt: null },
      });
      applyAccessPolicy(services.db, row('malmo-limhamn', 'malmo-limhamn', 2));
      expect(await services.dispatcher.dispatch('hardware.doorPolicy', {}, ctx)).toEqual({
        ok: true,
        value: { branchId: 'malmo-limhamn', source: 'register', scopeId: 'malmo-limhamn', version: 2, updatedAt: '2026-11-25T10:00:00.000Z' },
      });
    } finally {
      services.close();
    }
  });
});
