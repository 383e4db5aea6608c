import { buildPersonnummer } from '../src/shared/identity';
import { borrowerFields } from '../test/helpers/register-fixture';

/**
 * Borrower columns as a desk writes them into a borrower.create payload, for the benches: the register
 * fixture's borrower with the bench's own id, a valid personnummer from `birthDate` and `serial`, and names
 * spread over `i`.
 */
export function benchBorrowerFields(id: string, i: number, birthDate: string, serial: number) {
  return borrowerFields({
    id,
    identity_number: buildPersonnummer({ birthDate, serial })!,
    birth_date: birthDate,
    first_name: `Förnamn${i % 100}`,
    last_name: `Efternamn${i % 1000}`,
    email: `${id}@example.se`,
    password_hash: 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    agreement_accepted_at: '2026-01-01T00:00:00.000Z',
    created_at: '2026-01-01T00:00:00.000Z',
    created_by: 'bench',
    updated_at: '2026-01-01T00:00:00.000Z',
  });
}
