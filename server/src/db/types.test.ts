// db/types.ts is written by hand (it keeps the CHECK constraints' literal unions and the JSON
// shapes a generator cannot know), so this test holds it to the migrated schema: the TypeScript
// compiler reads the `DB` interface, information_schema describes a clone of the test template
// database (every migration applied), and every table, column, nullability, type and default must agree.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import pg from 'pg';
import ts from 'typescript';
import { createTestDatabase } from '../test/harness.ts';

const TYPES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'types.ts');
/** Tables the code never queries through Kysely: the migration runner's own bookkeeping. */
const NOT_IN_TYPES = new Set(['schema_migrations']);

/**
 * How a column looks from the code: the select type's kind, whether it holds null, whether inserts
 * may leave it out, and for a text column the values it may hold (a union of literals, or a CHECK (… IN …)).
 */
interface ColumnShape { kind: string; nullable: boolean; optionalOnInsert: boolean; values?: string[] }

/** The TypeScript kind the pg driver hands back for a column type (database.ts sets DATE and INT8 parsers). */
function kindOfPg(c: { data_type: string; udt_name: string }): string {
  switch (c.data_type) {
    case 'text': case 'character varying': case 'character': case 'uuid': case 'date': case 'numeric': case 'inet': case 'time without time zone': case 'tsvector':
      return 'string';
    case 'integer': case 'smallint': case 'bigint': case 'real': case 'double precision':
      return 'number';
    case 'boolean': return 'boolean';
    case 'timestamp with time zone': case 'timestamp without time zone': return 'Date';
    case 'bytea': return 'Buffer';
    case 'json': case 'jsonb': return 'json';
    case 'ARRAY': return `${kindOfPg({ data_type: PG_ELEMENT[c.udt_name] ?? c.udt_name, udt_name: '' })}[]`;
    default: return `unknown pg type ${c.data_type}`;
  }
}
const PG_ELEMENT: Record<string, string> = { _text: 'text', _uuid: 'uuid', _int4: 'integer', _date: 'date', _varchar: 'character varying' };

function kindOfTs(checker: ts.TypeChecker, type: ts.Type): string {
  const kinds = new Set<string>();
  for (const t of type.isUnion() ? type.types : [type]) {
    if (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) continue;
    if (t.flags & ts.TypeFlags.StringLike) kinds.add('string');
    else if (t.flags & ts.TypeFlags.NumberLike) kinds.add('number');
    else if (t.flags & ts.TypeFlags.BooleanLike) kinds.add('boolean');
    else if (checker.isArrayType(t)) kinds.add(`${kindOfTs(checker, checker.getTypeArguments(t as ts.TypeReference)[0]!)}[]`);
    else {
      const name = t.getSymbol()?.getName() ?? t.aliasSymbol?.getName();
      kinds.add(name === 'Date' || name === 'Buffer' ? name : 'object');
    }
  }
  return [...kinds].sort().join(' | ');
}

/** The values of a union of string literals, sorted; undefined for any other type. */
function literalsOf(type: ts.Type): string[] | undefined {
  const members = (type.isUnion() ? type.types : [type]).filter((t) => !(t.flags & ts.TypeFlags.Null));
  if (!members.length || !members.every((t) => t.isStringLiteral())) return undefined;
  return members.map((t) => (t as ts.StringLiteralType).value).sort();
}

const holds = (type: ts.Type, flag: ts.TypeFlags) => (type.isUnion() ? type.types : [type]).some((t) => t.flags & flag);

/** Every table of the `DB` interface in types.ts, column by column. */
function declaredTables(): Map<string, Map<string, ColumnShape>> {
  const program = ts.createProgram([TYPES_FILE], { strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(TYPES_FILE)!;
  const db = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'DB');
  assert.ok(db, 'types.ts declares interface DB');
  const tables = new Map<string, Map<string, ColumnShape>>();
  for (const table of checker.getTypeAtLocation(db).getProperties()) {
    const columns = new Map<string, ColumnShape>();
    for (const column of checker.getTypeOfSymbol(table).getProperties()) {
      const type = checker.getTypeOfSymbol(column);
      // Kysely's ColumnType<S, I, U> (and Generated<S>) carry the select and insert types as phantom properties.
      const select = type.getProperty('__select__') ? checker.getTypeOfSymbol(type.getProperty('__select__')!) : type;
      const insert = type.getProperty('__insert__') ? checker.getTypeOfSymbol(type.getProperty('__insert__')!) : type;
      const anything = (select.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) !== 0;
      columns.set(column.getName(), {
        kind: anything ? 'unknown' : kindOfTs(checker, select),
        nullable: anything || holds(select, ts.TypeFlags.Null),
        optionalOnInsert: holds(insert, ts.TypeFlags.Undefined),
        values: literalsOf(select),
      });
    }
    tables.set(table.getName(), columns);
  }
  return tables;
}

/** Every table of the migrated schema (a clone of the template: a connection to the template itself would stop other files cloning it), column by column. */
async function migratedTables(): Promise<Map<string, Map<string, ColumnShape & { hasDefault: boolean }>>> {
  const database = await createTestDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable, c.column_default, c.is_identity, c.is_generated
      FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`);
    // CHECK (column IN ('a', 'b')) as PostgreSQL prints it: CHECK ((column = ANY (ARRAY['a'::text, 'b'::text]))).
    const checks = (await client.query(`SELECT conrelid::regclass::text AS table_name, pg_get_constraintdef(oid) AS def
      FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace`)).rows;
    const allowed = new Map<string, string[]>();
    for (const c of checks) {
      const m = /^CHECK \(\(\(?(\w+)\)?(?:::text)? = ANY \(\(?ARRAY\[([^\]]*)\]\)?(?:::text\[\])?\)\)\)$/.exec(c.def);
      if (m) allowed.set(`${c.table_name}.${m[1]}`, [...m[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1]!.replaceAll("''", "'")).sort());
    }
    // A column a BEFORE INSERT row trigger assigns (`NEW.column := …`, e.g. 0068's center of a payment) is filled by the database too.
    const triggers = (await client.query(`SELECT c.relname AS table_name, p.prosrc AS source FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace AND (t.tgtype & 7) = 7`)).rows as Array<{ table_name: string; source: string }>;
    const filledByTrigger = (table: string, column: string) => triggers.some((t) => t.table_name === table && new RegExp(`\\bNEW\\.${column}\\s*:=`, 'i').test(t.source));
    const tables = new Map<string, Map<string, ColumnShape & { hasDefault: boolean }>>();
    for (const r of rows) {
      if (NOT_IN_TYPES.has(r.table_name)) continue;
      if (!tables.has(r.table_name)) tables.set(r.table_name, new Map());
      const hasDefault = r.column_default !== null || r.is_identity === 'YES' || r.is_generated === 'ALWAYS' || filledByTrigger(r.table_name, r.column_name);
      tables.get(r.table_name)!.set(r.column_name, {
        kind: kindOfPg(r), nullable: r.is_nullable === 'YES', optionalOnInsert: hasDefault, hasDefault, values: allowed.get(`${r.table_name}.${r.column_name}`),
      });
    }
    return tables;
  } finally {
    await client.end();
    await database.drop();
  }
}

test('db/types.ts declares the tables and columns of the migrated schema, with their types, nullability and defaults', async () => {
  const declared = declaredTables();
  const migrated = await migratedTables();
  const problems: string[] = [];
  let valueLists = 0;
  for (const name of migrated.keys()) if (!declared.has(name)) problems.push(`table ${name} is in the schema but not in DB`);
  for (const name of declared.keys()) if (!migrated.has(name)) problems.push(`table ${name} is in DB but not in the schema`);
  for (const [table, columns] of migrated) {
    const types = declared.get(table);
    if (!types) continue;
    for (const [column, db] of columns) {
      const ts = types.get(column);
      const where = `${table}.${column}`;
      if (!ts) { problems.push(`${where} is in the schema but not in types.ts`); continue; }
      // A JSON column may hold any shape; the declared one is the code's contract.
      if (db.kind !== 'json' && ts.kind !== db.kind) problems.push(`${where}: types.ts says ${ts.kind}, the database gives ${db.kind}`);
      // `unknown` (JSON read without a declared shape) holds null and anything else.
      if (ts.kind !== 'unknown' && ts.nullable !== db.nullable) {
        problems.push(`${where}: types.ts says ${ts.nullable ? 'nullable' : 'not nullable'}, the column is ${db.nullable ? 'nullable' : 'NOT NULL'}`);
      }
      // A union of literals in types.ts names exactly the values the CHECK constraint allows.
      if (ts.values && db.values) valueLists++;
      if (ts.values && db.values && ts.values.join() !== db.values.join()) {
        problems.push(`${where}: types.ts allows ${ts.values.join(', ')}; the CHECK allows ${db.values.join(', ')}`);
      }
      if (ts.values && !db.values && db.kind === 'string') problems.push(`${where}: types.ts names its values, but no CHECK (${column} IN …) holds the column to them`);
      // An insert may leave out a NOT NULL column only if the database fills it.
      if (ts.optionalOnInsert && !db.nullable && !db.hasDefault) problems.push(`${where}: types.ts lets an insert leave it out (Generated), but the column has no default`);
    }
    for (const column of types.keys()) if (!columns.has(column)) problems.push(`${table}.${column} is in types.ts but not in the schema`);
  }
  assert.ok(valueLists >= 10, `the literal unions were compared with the CHECK constraints (${valueLists})`);
  assert.deepEqual(problems, [], `db/types.ts disagrees with the migrated schema:\n${problems.join('\n')}`);
});
