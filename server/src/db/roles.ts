import type pg from 'pg';

/**
 * Two database roles, so that an insider holding the platform's runtime credentials cannot rewrite
 * the audit trail: the owner role owns the schema and runs the migrations; the runtime role the
 * platform works as is LOGIN NOSUPERUSER, owns nothing, and has only the grants below. PostgreSQL
 * then refuses it TRUNCATE, UPDATE and DELETE on the append-only tables, and ALTER TABLE, DISABLE
 * TRIGGER or DROP TRIGGER on any table (those need ownership).
 */

/** The schemas the platform works in: its own, and graphile-worker's job queue (lib/jobs.ts). */
const SCHEMAS = ['public', 'graphile_worker'];

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Creates the runtime role when it does not exist (idempotent; several instances may race) and
 * sets its password. Runs as a role allowed to create roles (the embedded cluster's bootstrap role).
 */
export async function ensureRuntimeRole(owner: pg.Pool | pg.Client, role: string, password: string): Promise<void> {
  const exists = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.rowCount === 0) {
    await owner.query(`CREATE ROLE ${quoteIdent(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`)
      .catch((err: { code?: string }) => { if (err.code !== '42710') throw err; }); // 42710: created meanwhile by another start
  }
  await owner.query(`ALTER ROLE ${quoteIdent(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${quoteLiteral(password)}`);
}

/**
 * The append-only tables: every table a trigger guards with forbid_audit_change() (audit_events,
 * audit_checkpoints, …). Found from the catalog, so a new append-only table gets the same grants
 * without a change here.
 */
export async function appendOnlyTables(owner: pg.Pool | pg.Client): Promise<string[]> {
  const r = await owner.query<{ name: string }>(`
    SELECT DISTINCT c.relname AS name FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE n.nspname = 'public' AND p.proname = 'forbid_audit_change' AND NOT t.tgisinternal
     ORDER BY 1`);
  return r.rows.map((x) => x.name);
}

/**
 * The runtime role's grants, applied after every migration (idempotent, so a table a migration adds
 * is granted at the next start; ALTER DEFAULT PRIVILEGES is not used because it would grant UPDATE
 * and DELETE on a new append-only table before its trigger says it is one). Normal DML everywhere,
 * never TRUNCATE; INSERT and SELECT only on the append-only tables; SELECT only on schema_migrations.
 */
export async function grantRuntimeRole(owner: pg.Pool | pg.Client, role: string): Promise<{ appendOnly: string[] }> {
  const r = quoteIdent(role);
  const present = (await owner.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', [SCHEMAS])).rows.map((x) => x.nspname);
  for (const schema of present) {
    const s = quoteIdent(schema);
    await owner.query(`REVOKE CREATE ON SCHEMA ${s} FROM ${r}`);
    await owner.query(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`);
    await owner.query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA ${s} FROM ${r}`);
    await owner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`);
    await owner.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${r}`);
  }
  // graphile-worker turns row-level security on for its tables with no policy, which leaves them to
  // their owner: the runtime role enqueues (lib/jobs.ts) and runs jobs, so it gets a policy of its own.
  if (present.includes('graphile_worker')) {
    const policy = `runtime ${role}`.slice(0, 63);
    const secured = await owner.query<{ name: string }>(`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'graphile_worker' AND c.relkind = 'r' AND c.relrowsecurity
         AND NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'graphile_worker' AND p.tablename = c.relname AND p.policyname = $1)`, [policy]);
    for (const { name } of secured.rows) {
      await owner.query(`CREATE POLICY ${quoteIdent(policy)} ON graphile_worker.${quoteIdent(name)} TO ${r} USING (true) WITH CHECK (true)`)
        .catch((err: { code?: string }) => { if (err.code !== '42710') throw err; }); // made meanwhile by another start
    }
  }
  const appendOnly = await appendOnlyTables(owner);
  for (const table of appendOnly) {
    await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${quoteIdent(table)} FROM ${r}`);
    await owner.query(`GRANT SELECT, INSERT ON ${quoteIdent(table)} TO ${r}`);
  }
  if (present.includes('public')) await owner.query(`REVOKE INSERT, UPDATE, DELETE ON public.schema_migrations FROM ${r}`).catch(() => {});
  return { appendOnly };
}

/** What the platform can say about the role it runs as: a superuser or the owner of the audit tables defeats the point. */
export async function runtimeRoleWarnings(runtime: pg.Pool): Promise<string[]> {
  const r = await runtime.query<{ role: string; superuser: boolean; owns: boolean }>(`
    SELECT current_user AS role, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
           EXISTS (SELECT 1 FROM pg_class WHERE relname = 'audit_events' AND relkind = 'r'
                     AND pg_has_role(current_user, relowner, 'USAGE')) AS owns`);
  const row = r.rows[0]!;
  const out: string[] = [];
  if (row.superuser) out.push(`the platform's database role "${row.role}" is a superuser: it could truncate the audit trail or disable its triggers; give DATABASE_URL a runtime role and DATABASE_OWNER_URL the owner (docs/operations.md)`);
  else if (row.owns) out.push(`the platform's database role "${row.role}" owns the audit tables: it could alter them or drop their triggers; give DATABASE_URL a runtime role and DATABASE_OWNER_URL the owner (docs/operations.md)`);
  return out;
}
