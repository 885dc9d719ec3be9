import type { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { DomainError, errors, type ErrorCode } from '../../lib/errors.ts';
import { requirePermission, type Actor } from '../../policies/index.ts';
import { buildBasicCode, buildImplementationCode } from '../items/item-codes.ts';
import { itemContent, itemIdentity } from '../items/items.schemas.ts';
import { insertNewItem } from '../items/items.service.ts';
import * as repo from './exchange.repository.ts';
import type { nationalItemRow } from './exchange.schemas.ts';

/**
 * Items and cases in the national exchange field names (全国一体化政务服务平台 data exchange;
 * docs/open-api.md has the mapping table). Export answers the manager's center's items (their newest
 * version) and cases; import of items validates every row first and writes all of them in one
 * transaction, or none: a bad row is answered with its row number, field and code.
 */
type NationalItem = z.infer<typeof nationalItemRow>;

const MODE_TO_NATIONAL = { instant: '1', promised: '2', joint: '3', reported: '4' } as const;
const MODE_FROM_NATIONAL = Object.fromEntries(Object.entries(MODE_TO_NATIONAL).map(([k, v]) => [v, k])) as Record<string, keyof typeof MODE_TO_NATIONAL>;
const lines = (s: string) => s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

export async function exportItems(ctx: AppContext, who: Actor | null) {
  const actor = requirePermission(who, 'catalog.read_drafts');
  const rows = await repo.itemsOfCenter(ctx.db, actor.centerId);
  return {
    items: rows.map((r) => {
      const c = r.content as { name: string; legalBasis: string[]; conditions: string[]; statutoryLimitDays: number; promisedLimitDays: number; processingMode: keyof typeof MODE_TO_NATIONAL; visits: number; online: boolean; fees?: unknown[]; consultPhone?: string; complaintPhone?: string; acceptanceLocation?: string; result?: string };
      return {
        task_code: r.implementation_code, catalog_code: r.basic_code, task_name: c.name, task_type: r.type, use_level: r.level,
        dept_code: r.dept_code, dept_name: r.dept_name, by_law: c.legalBasis.join('\n'), accept_condition: c.conditions.join('\n'),
        anticipate_day: c.statutoryLimitDays, promise_day: c.promisedLimitDays, project_type: MODE_TO_NATIONAL[c.processingMode] ?? '2',
        limit_scene_num: c.visits, is_online: c.online ? '1' as const : '0' as const, charge_flag: (c.fees?.length ?? 0) > 0 ? '1' as const : '0' as const,
        link_tel: c.consultPhone ?? '', supervise_tel: c.complaintPhone ?? '', transact_addr: c.acceptanceLocation ?? '', result_name: c.result ?? '',
        version: r.version,
      };
    }),
  };
}

export async function exportCases(ctx: AppContext, who: Actor | null, from: string, to: string, page: number, pageSize: number) {
  const actor = requirePermission(who, 'supervision.watch');
  const { rows, total } = await repo.casesOfCenter(ctx.db, actor.centerId, from, to, pageSize, (page - 1) * pageSize);
  return {
    cases: rows.map((r) => ({
      projid: r.receipt_no ?? r.submission_no ?? r.id, task_code: r.implementation_code, task_name: r.item_name, dept_name: r.dept_name,
      apply_from: r.channel === 'online' ? '1' as const : '2' as const, proj_status: r.status, apply_date: r.submitted_at.toISOString(),
      accept_date: r.accepted_date, promise_etime: r.due_date, finish_result: r.decision, anticipate_day: r.statutory_days, promise_day: r.promised_days,
    })),
    total, page, pageSize,
  };
}

interface RowProblem { row: number; field: string; code: string }
/** A bad row: its number (from 1), the national field, and the catalogue's code. */
const problem = (row: number, field: string, c: ErrorCode): RowProblem => ({ row, field, code: c });

export async function importItems(ctx: AppContext, who: Actor | null, rows: NationalItem[]) {
  const actor = requirePermission(who, 'catalog.edit');
  const departments = new Map((await repo.departmentsOfCenter(ctx.db, actor.centerId)).map((d) => [d.credit_code, d]));
  const problems: RowProblem[] = [];
  const ready: Array<{ departmentId: string; identity: z.infer<typeof itemIdentity>; content: z.infer<typeof itemContent>; basicCode: string; implementationCode: string }> = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const row = i + 1;
    const dept = departments.get(r.dept_code);
    if (!dept) problems.push(problem(row, 'dept_code', 'DEPARTMENT_UNKNOWN'));
    const mode = MODE_FROM_NATIONAL[r.project_type];
    if (!mode) problems.push(problem(row, 'project_type', 'VALIDATION_FAILED'));
    const code = /^(\d{2})(\d{2})(\d{5})(\d{3})$/.exec(r.catalog_code);
    if (!code) problems.push(problem(row, 'catalog_code', 'VALIDATION_FAILED'));
    if (!dept || !mode || !code) return;
    const identity = itemIdentity.safeParse({ departmentId: dept.id, type: r.task_type, level: r.use_level, codeRegion: code[1], codeMain: code[3], codeSub: code[4] });
    if (!identity.success) {
      problems.push(problem(row, national(String(identity.error.issues[0]!.path[0])), 'VALIDATION_FAILED'));
      return;
    }
    if (identity.data.type !== code[2]) problems.push(problem(row, 'catalog_code', 'VALIDATION_FAILED'));
    const content = itemContent.safeParse({
      name: r.task_name, legalBasis: lines(r.by_law), conditions: lines(r.accept_condition), materials: [],
      procedure: [{ name: '受理' }, { name: '审查' }, { name: '决定' }, { name: '送达' }],
      statutoryLimitDays: r.anticipate_day, promisedLimitDays: r.promise_day, processingMode: mode, visits: r.limit_scene_num,
      online: r.is_online === '1', inHall: true, audiences: ['person', 'enterprise'],
      consultPhone: r.link_tel, complaintPhone: r.supervise_tel, acceptanceLocation: r.transact_addr, result: r.result_name,
    });
    if (!content.success) {
      const issue = content.error.issues[0]!;
      const p = (issue as { params?: { code?: string } }).params;
      problems.push({ row, field: national(String(issue.path[0])), code: p?.code ?? 'VALIDATION_FAILED' });
      return;
    }
    const basicCode = buildBasicCode(identity.data);
    const implementationCode = buildImplementationCode(dept.credit_code, identity.data.level, basicCode);
    if (r.task_code && r.task_code !== implementationCode) problems.push(problem(row, 'task_code', 'VALIDATION_FAILED'));
    if (seen.has(implementationCode)) problems.push(problem(row, 'task_code', 'ITEM_CODE_EXISTS'));
    seen.add(implementationCode);
    ready.push({ departmentId: dept.id, identity: identity.data, content: content.data, basicCode, implementationCode });
  });
  if (problems.length === 0) {
    const existing = await repo.existingImplementationCodes(ctx.db, ready.map((r) => r.implementationCode));
    ready.forEach((r, i) => { if (existing.has(r.implementationCode)) problems.push(problem(i + 1, 'task_code', 'ITEM_CODE_EXISTS')); });
  }
  if (problems.length > 0) throw errors.EXCHANGE_ROWS_INVALID({ count: new Set(problems.map((p) => p.row)).size, details: { rows: problems } });
  try {
    const created = await ctx.db.transaction().execute(async (tx) => {
      const out = [];
      for (const r of ready) out.push(await insertNewItem(ctx, tx, actor, r.departmentId, r.identity, r.content, r.basicCode, r.implementationCode));
      return out;
    });
    return { created: created.map((c) => ({ id: c.id, taskCode: c.implementationCode })) };
  } catch (err) {
    // A rule of the catalog refused a row inside the transaction (a basic code used with other elements): nothing was written.
    if (err instanceof DomainError) {
      const at = ready.findIndex((r) => err.message.includes(r.basicCode));
      throw errors.EXCHANGE_ROWS_INVALID({ count: 1, details: { rows: [{ row: at >= 0 ? at + 1 : 0, field: 'catalog_code', code: err.code }] } });
    }
    throw err;
  }
}

/** Our field name → the national one, for a row's problem. */
const NATIONAL: Record<string, string> = {
  name: 'task_name', legalBasis: 'by_law', conditions: 'accept_condition', statutoryLimitDays: 'anticipate_day', promisedLimitDays: 'promise_day',
  visits: 'limit_scene_num', type: 'task_type', level: 'use_level', codeRegion: 'catalog_code', codeMain: 'catalog_code', codeSub: 'catalog_code',
  consultPhone: 'link_tel', complaintPhone: 'supervise_tel', acceptanceLocation: 'transact_addr', result: 'result_name', processingMode: 'project_type',
};
const national = (f: string) => NATIONAL[f] ?? f;
