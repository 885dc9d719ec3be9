import { CompiledQuery } from 'kysely';
import type { TestApp } from './harness.ts';

/** The statements the platform sends while `run` runs (the context's database wrapped for the call). */
export async function statementsOf(t: TestApp, run: () => Promise<unknown>): Promise<CompiledQuery[]> {
  const statements: CompiledQuery[] = [];
  const db = t.ctx.db;
  t.ctx.db = db.withPlugin({
    transformQuery: (a) => { statements.push(db.getExecutor().compileQuery(a.node, a.queryId)); return a.node; },
    transformResult: async (a) => a.result,
  });
  try {
    await run();
  } finally { t.ctx.db = db; }
  return statements;
}

/**
 * A statement's plan on the test's small tables, the planner kept from what it would choose only there (a whole
 * scan, a bitmap, a sort), so the plan shows whether an index serves the filter and the order at all.
 */
export async function indexPlanOf(t: TestApp, statement: CompiledQuery): Promise<string> {
  return t.owner.transaction().execute(async (tx) => {
    for (const off of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort', 'enable_incremental_sort']) await tx.executeQuery(CompiledQuery.raw(`SET LOCAL ${off} = off`));
    const r = await tx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${statement.sql}`, [...statement.parameters]));
    return r.rows.map((x) => x['QUERY PLAN']).join('\n');
  });
}
