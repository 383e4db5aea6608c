/**
 * The register's SQL tagged template (PostgreSQL placeholders `$1, $2, …`), the server-side
 * twin of src/main/db/sql.ts: interpolated values become parameters, interpolated `sql`
 * fragments are spliced in with their own parameters, so values never end up in the SQL text.
 */
export class Sql {
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
  /** Set by sql.prepared: PostgreSQL keeps the plan per connection under this name (the text must never vary). */
  statementName: string | undefined;

  constructor(strings: readonly string[], values: readonly unknown[]) {
    const outStrings: string[] = [strings[0] ?? ''];
    const outValues: unknown[] = [];
    values.forEach((value, i) => {
      const next = strings[i + 1] ?? '';
      if (value instanceof Sql) {
        // Splice the fragment: its first string joins ours, its last string joins the next.
        outStrings[outStrings.length - 1] += value.strings[0] ?? '';
        value.values.forEach((v, j) => {
          outValues.push(v);
          outStrings.push(value.strings[j + 1] ?? '');
        });
        outStrings[outStrings.length - 1] += next;
      } else {
        outValues.push(value);
        outStrings.push(next);
      }
    });
    this.strings = outStrings;
    this.values = outValues;
  }

  /** The text with `$n` placeholders. */
  get text(): string {
    return this.strings.reduce((text, part, i) => (i === 0 ? part : `${text}$${i}${part}`), '');
  }
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql(strings, values);
}

/** Joins values or fragments, e.g. a list for IN (…) or a list of SET assignments. */
sql.join = (parts: readonly unknown[], separator = ', '): Sql => {
  if (parts.length === 0) return new Sql([''], []);
  const strings = ['', ...parts.slice(1).map(() => separator), ''];
  return new Sql(strings, parts);
};

/** An identifier (table or column) from our own code; anything but a plain lower-case name is refused. */
sql.identifier = (name: string): Sql => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return new Sql([name], []);
};

/** Marks a query whose text never varies as a named prepared statement (parsed and planned once per connection on PostgreSQL; PGlite ignores it). */
sql.prepared = (name: string, query: Sql): Sql => {
  query.statementName = name;
  return query;
};
