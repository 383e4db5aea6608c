import type { Database, Statement } from 'better-sqlite3';

/** A query and its bound values. Built only by the `sql` tag, so values never end up in the SQL text. */
export interface Query {
  readonly text: string;
  readonly params: readonly unknown[];
}

const queryBrand = Symbol('sql.query');
interface BrandedQuery extends Query {
  readonly [queryBrand]: true;
}

function isQuery(value: unknown): value is BrandedQuery {
  return typeof value === 'object' && value !== null && queryBrand in value;
}

/** Appends a value: a `sql` fragment is spliced in with its parameters, anything else becomes one `?`. */
function append(into: { text: string; params: unknown[] }, value: unknown): void {
  if (isQuery(value)) {
    into.text += value.text;
    into.params.push(...value.params);
  } else {
    into.text += '?';
    into.params.push(value);
  }
}

/**
 * Tagged template for SQL: interpolated values become `?` parameters, and an
 * interpolated `sql` fragment is spliced in with its own parameters.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): BrandedQuery {
  const query = { text: strings[0] ?? '', params: [] as unknown[] };
  values.forEach((value, i) => {
    append(query, value);
    query.text += strings[i + 1] ?? '';
  });
  return { ...query, [queryBrand]: true };
}

/** Joins values or fragments, e.g. a list of values for IN (…). */
sql.join = (parts: readonly unknown[], separator = ', '): BrandedQuery => {
  const query = { text: '', params: [] as unknown[] };
  parts.forEach((part, i) => {
    if (i > 0) query.text += separator;
    append(query, part);
  });
  return { ...query, [queryBrand]: true };
};

/** An identifier (table or column name) from our own code; anything but a plain name is refused. */
sql.identifier = (name: string): BrandedQuery => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return { text: name, params: [], [queryBrand]: true };
};

const statementCache = new WeakMap<Database, Map<string, Statement<unknown[]>>>();

function prepare(db: Database, query: Query): Statement<unknown[]> {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(query.text);
  if (!statement) {
    statement = db.prepare<unknown[]>(query.text);
    cache.set(query.text, statement);
  }
  return statement;
}

export function all<Row>(db: Database, query: Query): Row[] {
  return prepare(db, query).all(...query.params) as Row[];
}

export function get<Row>(db: Database, query: Query): Row | undefined {
  return prepare(db, query).get(...query.params) as Row | undefined;
}

export function run(db: Database, query: Query): { changes: number; lastInsertRowid: number | bigint } {
  return prepare(db, query).run(...query.params);
}
