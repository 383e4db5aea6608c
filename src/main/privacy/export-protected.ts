import type { BorrowerExport } from './subject';

/**
 * Fields of a protected identity that nobody at a terminal may see (SPEC 2, seed 003: only the identity
 * number and e-mail are visible, even to central register staff), in the export's camelCase keys.
 */
const hiddenBorrowerFields = ['firstName', 'lastName', 'guardianName', 'guardianBirthDate'] as const;
const hiddenColumns = new Set(['first_name', 'last_name', 'guardian_name', 'guardian_birth_date']);

/**
 * The export of a protected identity as its viewer may see it: names and guardian are blanked, and sync
 * notes about those fields keep only that they exist (their details may quote the old and new values).
 */
export function withoutProtectedFields(data: BorrowerExport): BorrowerExport {
  const borrower = { ...data.borrower };
  for (const field of hiddenBorrowerFields) if (field in borrower) borrower[field] = null;
  return {
    ...data,
    borrower,
    syncNotes: data.syncNotes.map((n) => (n.field !== null && hiddenColumns.has(n.field) ? { ...n, details: null } : n)),
  };
}
