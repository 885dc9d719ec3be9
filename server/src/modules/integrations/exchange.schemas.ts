import { z } from 'zod';
import { isoDate, pageQuery } from '../../lib/schemas.ts';

/** The national exchange rows (docs/open-api.md, "Exchange in the national field names"). */
export const nationalItemRow = z.object({
  task_code: z.string().trim().max(40).optional().describe('实施编码; computed on import, checked when given'),
  catalog_code: z.string().trim().max(20).describe('基本编码 (12 digits)'),
  task_name: z.string().max(300),
  task_type: z.string().max(4).describe('事项类型 01–10, 20'),
  use_level: z.string().max(20).describe('行使层级'),
  dept_code: z.string().trim().max(18).describe("实施主体编码: the department's unified social credit code"),
  by_law: z.string().max(20_000).describe('设定依据, one per line'),
  accept_condition: z.string().max(20_000).describe('受理条件, one per line'),
  anticipate_day: z.number().int().describe('法定办结时限 (working days)'),
  promise_day: z.number().int().describe('承诺办结时限 (working days)'),
  project_type: z.string().max(2).describe('办件类型: 1 即办件, 2 承诺件, 3 联办件, 4 上报件'),
  limit_scene_num: z.number().int().describe('到办事现场次数'),
  is_online: z.enum(['0', '1']).default('1'),
  link_tel: z.string().max(50).default(''),
  supervise_tel: z.string().max(50).default(''),
  transact_addr: z.string().max(300).default(''),
  result_name: z.string().max(200).default(''),
});
export const importItemsBody = z.object({ items: z.array(nationalItemRow).min(1).max(500) });
export const importItemsResponse = z.object({ created: z.array(z.object({ id: z.string(), taskCode: z.string() })) });

export const exportItemsResponse = z.object({
  items: z.array(nationalItemRow.extend({ task_code: z.string(), dept_name: z.string(), charge_flag: z.enum(['0', '1']), version: z.number() })),
});
export const exportCasesQuery = z.object({ from: isoDate, to: isoDate, ...pageQuery });
export const exportCasesResponse = z.object({
  cases: z.array(z.object({
    projid: z.string().describe('办件编号 (receipt number)'), task_code: z.string(), task_name: z.string(), dept_name: z.string(),
    apply_from: z.enum(['1', '2']).describe('申请来源: 1 网上, 2 窗口'), proj_status: z.string(), apply_date: z.string(),
    accept_date: z.string().nullable(), promise_etime: z.string().nullable(), finish_result: z.string().nullable(),
    anticipate_day: z.number(), promise_day: z.number(),
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});
