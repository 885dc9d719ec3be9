import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import { nameStatement, type Db, type Tx } from './database.ts';

/**
 * Statements built and compiled once per process (issue 18: building and compiling Kysely queries
 * took about 15 % of the Node thread's CPU in a submission, for statements whose SQL text never
 * changes). `prepared((db, p) => db.selectFrom('x').where('id', '=', p.id))` builds the query once,
 * on the first call, with a placeholder standing for each parameter `p.name` the builder reads, and
 * keeps the SQL text and where each placeholder landed among the parameters; every call then only
 * puts its own values in those places and sends the same text. The statement's SHAPE must not
 * depend on the values (no `if (p.x)` in the builder, no list whose length varies): a builder that
 * tests a value sees the placeholder, which is truthy, and the compile checks every placeholder it
 * handed out landed in the parameters, failing at once otherwise.
 *
 * The text is also sent as a named statement (db/database.ts `nameStatement`): each connection
 * parses it once and PostgreSQL can keep its plan; not a statement whose result is `*`.
 */
class Placeholder {
  constructor(readonly key: string) {}
}

interface Compiled { sql: string; parameters: readonly unknown[]; slots: Array<[position: number, key: string]> }

/** Runs the statement with `p`'s values: its rows, and for a write without RETURNING the rows it touched (`numAffectedRows`). */
export type Prepared<P, R> = (db: Db | Tx, p: P) => Promise<QueryResult<R>>;

export function prepared<P extends Record<string, unknown>, R>(build: (db: Db | Tx, p: P) => Compilable<R>): Prepared<P, R> {
  let compiled: Compiled | undefined;
  return async (db, p) => {
    if (!compiled) {
      compiled = compile(db, build);
      nameStatement(compiled.sql);
    }
    const parameters = compiled.parameters.slice();
    for (const [position, key] of compiled.slots) parameters[position] = p[key];
    return db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters));
  };
}

function compile<P extends Record<string, unknown>, R>(db: Db | Tx, build: (db: Db | Tx, p: P) => Compilable<R>): Compiled {
  const handed = new Map<string, Placeholder>();
  const placeholders = new Proxy({}, {
    get: (_, key) => {
      if (typeof key !== 'string') return undefined;
      let h = handed.get(key);
      if (!h) handed.set(key, (h = new Placeholder(key)));
      return h;
    },
  }) as P;
  const q = build(db, placeholders).compile();
  const slots: Compiled['slots'] = [];
  q.parameters.forEach((v, i) => { if (v instanceof Placeholder) slots.push([i, v.key]); });
  for (const key of handed.keys()) {
    if (!slots.some(([, k]) => k === key)) throw new Error(`prepared: parameter ${key} is not a parameter of the statement (used in its shape?)`);
  }
  return { sql: q.sql, parameters: q.parameters, slots };
}

/**
 * `prepared` for a statement whose shape is a list of columns (an insert of the columns a caller
 * gives): one compiled statement per shape. Callers give their columns alike, so shapes are few;
 * past `limit` shapes a statement is built for each call like any Kysely query, never refused.
 */
export function preparedByShape<P extends Record<string, unknown>, R>(build: (columns: string[]) => (db: Db | Tx, p: P) => Compilable<R>, limit = 32) {
  const byShape = new Map<string, Prepared<P, R>>();
  return (columns: string[]): Prepared<P, R> => {
    const shape = columns.join(',');
    let q = byShape.get(shape);
    if (q) return q;
    const statement = build(columns);
    if (byShape.size >= limit) return (db, p) => db.executeQuery(statement(db, p));
    q = prepared(statement);
    byShape.set(shape, q);
    return q;
  };
}
