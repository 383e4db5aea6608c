import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { AppError } from '../../../../shared/result';

/** Puts main's field issues next to their fields; returns the error when some issue has no field on this form. */
export function applyServerErrors<T extends FieldValues>(error: AppError, setError: UseFormSetError<T>, fields: readonly string[]): AppError | undefined {
  let unplaced = !error.issues || error.issues.length === 0;
  for (const issue of error.issues ?? []) {
    if (fields.includes(issue.path)) setError(issue.path as Path<T>, { type: 'server', message: issue.message });
    else unplaced = true;
  }
  return unplaced ? error : undefined;
}
