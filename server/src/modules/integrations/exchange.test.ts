// Items and cases in the national exchange field names (docs/open-api.md): export, and an import of
// items that writes every row or none.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let manager: Session;
before(async () => {
  t = await testApp();
  manager = await signIn(t.app, 'manager');
});
after(() => t.close());

const itemCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM items`.execute(t.owner)).rows[0]!.n);
const auditCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events`.execute(t.owner)).rows[0]!.n);

test('export: the center\'s items in the national field names, codes as the catalog has them', async () => {
  const res = await manager.get('/api/admin/exchange/items');
  assert.equal(res.statusCode, 200, res.body);
  const items = res.json().items;
  assert.ok(items.length > 0);
  const row = items[0];
  for (const f of ['task_code', 'catalog_code', 'task_name', 'by_law', 'accept_condition', 'anticipate_day', 'promise_day', 'project_type', 'dept_code']) assert.ok(f in row, f);
  assert.equal(row.task_code.length, 31);
  assert.ok(row.promise_day <= row.anticipate_day);
  assert.equal((await (await signIn(t.app, 'window1')).get('/api/admin/exchange/items')).statusCode, 403);
});

test('import: all rows or none; a bad row is answered with its row, national field and code', async () => {
  const sample = (await manager.get('/api/admin/exchange/items')).json().items[0];
  const fresh = (main: string) => ({
    ...sample, task_code: undefined, dept_name: undefined, charge_flag: undefined, version: undefined,
    catalog_code: `${sample.catalog_code.slice(0, 4)}${main}000`, task_name: `导入事项${main}`,
  });
  const good = fresh('98761');
  const bad = { ...fresh('98762'), promise_day: sample.anticipate_day + 5 };
  const unknownDept = { ...fresh('98763'), dept_code: '000000000000000000' };
  const [items, audits] = [await itemCount(), await auditCount()];
  const refused = await manager.post('/api/admin/exchange/items', { items: [good, bad, unknownDept] });
  assert.equal(refused.statusCode, 400, refused.body);
  assert.equal(refused.json().code, 'EXCHANGE_ROWS_INVALID');
  assert.deepEqual(refused.json().details.rows, [
    { row: 2, field: 'promise_day', code: 'PROMISED_EXCEEDS_STATUTORY' },
    { row: 3, field: 'dept_code', code: 'DEPARTMENT_UNKNOWN' },
  ]);
  assert.deepEqual([await itemCount(), await auditCount()], [items, audits], 'nothing half-written');
  // The same code twice in one file, or a code that exists, is refused too.
  const dup = await manager.post('/api/admin/exchange/items', { items: [good, good] });
  assert.equal(dup.json().details.rows[0].code, 'ITEM_CODE_EXISTS');
  const exists = await manager.post('/api/admin/exchange/items', { items: [{ ...sample, dept_name: undefined, charge_flag: undefined, version: undefined }] });
  assert.equal(exists.statusCode, 400);
  assert.equal(await itemCount(), items);

  const ok = await manager.post('/api/admin/exchange/items', { items: [good, fresh('98764')] });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().created.length, 2);
  assert.equal(await itemCount(), items + 2);
  const back = (await manager.get('/api/admin/exchange/items')).json().items.find((i: { task_code: string }) => i.task_code === ok.json().created[0].taskCode);
  assert.deepEqual([back.task_name, back.by_law, back.accept_condition, back.anticipate_day, back.promise_day], [good.task_name, good.by_law, good.accept_condition, good.anticipate_day, good.promise_day]);
});

test('export of cases: the center\'s cases in a date range, in the national field names; another role is refused', async () => {
  const supervisor = await signIn(t.app, 'supervisor');
  const res = await supervisor.get('/api/admin/exchange/cases?from=2020-01-01&to=2030-12-31');
  assert.equal(res.statusCode, 200, res.body);
  for (const c of res.json().cases) assert.ok(c.projid && c.task_code && 'promise_etime' in c);
  assert.equal((await (await signIn(t.app, 'window1')).get('/api/admin/exchange/cases?from=2020-01-01&to=2030-12-31')).statusCode, 403);
});
