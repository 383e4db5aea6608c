/**
 * A database whose schema version is newer than the code that opened it knows (a newer app or register ran on
 * it): refused, never migrated down or used. The terminal and the register each name their own.
 */
export class SchemaFromFutureError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
    message: string,
  ) {
    super(message);
  }
}
