import { describe, expect, it } from 'vitest';
import { recordVisit, recentVisits } from '../../../src/main/door/visits';
import { doorReasons } from '../../../src/shared/door/rules';
import { doorDatabase } from './helpers';

describe('the door visit log', () => {
  // Every result the rules can give is logged: a reason added to the rules without widening door_visit's CHECK
  // would make the door fail to record (and so fail) exactly the refusals it was added for.
  it.each(doorReasons)('records a visit with the result %s', (result) => {
    const db = doorDatabase();
    recordVisit(db, { at: new Date('2026-12-05T18:00:00Z'), branchId: 'malmo', result, credentialPrefix: 'ab12cd34' });
    expect(recentVisits(db, 10).map((v) => v.result)).toEqual([result]);
  });
});
