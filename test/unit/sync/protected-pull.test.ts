import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PullChange } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../../helpers/postgres';
import { borrowerFields, createMutation, startRegister, updateMutation, type TestRegister } from '../../helpers/register-fixture';
import { libraryTerminal, pullAll } from './scoping-fixture';

/**
 * Issue 16 finding 11, least data: a library's terminals learn that a protected identity exists (identity
 * number, card) but receive no name, guardian or e-mail; only a terminal of the library where central register
 * staff work gets the whole row (src/server/sync/protected-fields.ts). A kiosk gets no row at all (a protected
 * account belongs to no library; it signs in there from the keyed-hash feed, src/main/kiosk/visitors.ts).
 */

describeEachBackend('protected identities in pulls on %s', { timeout: 60_000 }, (backend) => {
  let register: TestRegister;
  beforeAll(async () => {
    register = await startRegister({ backend });
    const put = async (route: string, body: unknown) => {
      const r = await register.admin('PUT', route, body);
      if (r.status !== 200) throw new Error(`${route}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    await put('/admin/libraries/central', { name: 'Centralregistret', country: 'SE', municipality: 'Stockholm' });
    await put('/admin/staff/central-1', { libraryId: 'central', email: 'cecilia@central.example', name: 'Cecilia Central', role: 'central', password: 'secret-123' });
  }, 60_000);
  afterAll(() => register?.stop());

  const rowOf = (changes: PullChange[], id: string) =>
    changes.filter((c) => c.kind === 'borrower.upsert').map((c) => (c.data as { row: Record<string, unknown> }).row).find((r) => r.id === id);

  it('library desks get the row without name, guardian and e-mail, kiosks none; the central office desk gets it whole', async () => {
    const malmoDesk = await libraryTerminal(register, 'desk', 'malmo');
    const hidden = borrowerFields({ library_id: null, protected: 1, first_name: 'Hilda', last_name: 'Hemligsson', email: 'hilda.skyddad@example.se', guardian_name: null });
    const open = borrowerFields({ last_name: 'Öppensson' });
    await malmoDesk.push([createMutation(hidden, { cards: ['29900001'] }), createMutation(open)]);

    for (const [mode, library] of [['desk', 'lund'], ['desk', 'malmo'], ['technician', 'lund'], ['desk', null]] as const) {
      const { changes } = await pullAll(await libraryTerminal(register, mode, library));
      const text = JSON.stringify(changes);
      expect(text, `${mode} ${library}`).not.toContain('Hemligsson');
      expect(text, `${mode} ${library}`).not.toContain('hilda.skyddad@example.se');
      expect(rowOf(changes, hidden.id), `${mode} ${library}`).toMatchObject({
        identity_number: hidden.identity_number,
        protected: 1,
        first_name: '',
        last_name: '',
        guardian_name: null,
        email: `protected-${hidden.id}@withheld.invalid`,
      });
      expect(rowOf(changes, open.id)).toMatchObject({ last_name: 'Öppensson', email: open.email });
      expect(changes.some((c) => c.kind === 'card.upsert' && (c.data as { number: string }).number === '29900001')).toBe(true);
    }

    const kiosk = (await pullAll(await libraryTerminal(register, 'kiosk', 'malmo'))).changes;
    expect(rowOf(kiosk, hidden.id)).toBeUndefined();
    expect(JSON.stringify(kiosk)).not.toContain('29900001');
    expect(rowOf(kiosk, open.id)).toMatchObject({ last_name: 'Öppensson', email: open.email });

    const centralDesk = await libraryTerminal(register, 'desk', 'central');
    const { changes } = await pullAll(centralDesk);
    expect(rowOf(changes, hidden.id)).toMatchObject({ first_name: 'Hilda', last_name: 'Hemligsson', email: 'hilda.skyddad@example.se' });

    // Two edits of the name from the same version: the register keeps one and notes the other, quoting both.
    await centralDesk.push([updateMutation(hidden.id, { last_name: { from: 'Hemligsson', to: 'Hemligsson-Ny' } })]);
    await centralDesk.push([updateMutation(hidden.id, { last_name: { from: 'Hemligsson', to: 'Hemligsson-Annan' } })]);
    const notes = (changes: PullChange[]) => changes.filter((c) => c.kind === 'conflict.note' && (c.data as { borrowerId: string }).borrowerId === hidden.id);
    const central = (await pullAll(centralDesk)).changes;
    expect(JSON.stringify(notes(central))).toContain('Hemligsson-Annan');
    const lund = (await pullAll(await libraryTerminal(register, 'desk', 'lund'))).changes;
    expect(notes(lund).map((c) => c.data)).toEqual([expect.objectContaining({ field: 'last_name', kept: null, notApplied: null, base: null })]);
    expect(JSON.stringify(lund)).not.toContain('Hemligsson');
  });
});
