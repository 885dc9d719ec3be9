import { z } from 'zod';
import { pageQuery } from '../../lib/schemas.ts';

/** Request and response schemas of the network views (docs/network.md). */
const level = z.enum(['province', 'city', 'county', 'township', 'village']);
const nameEn = z.string().nullable();
const region = z.object({ code: z.string(), name: z.string(), nameEn, level });

export const figures = {
  open: z.number().describe('open cases (submitted … ready)'), green: z.number(), yellow: z.number(), red: z.number(),
  suspended: z.number().describe('open cases whose clock is suspended'),
  received: z.number().describe('cases received in the last periodDays China days (rollup)'),
  completed: z.number().describe('cases decided in the period'), onTime: z.number(), overdue: z.number(),
  onTimeRate: z.number().nullable().describe('onTime ÷ completed, null without completions'),
};

export const regionQuery = z.object({ region: z.string().regex(/^\d{6}(\d{3}){0,2}$/).optional().describe("GB/T 2260 code; the reader's own region when left out") });

export const regionBoard = z.object({
  region, trail: z.array(region).describe("from the reader's region down to this one"), periodDays: z.number(),
  totals: z.object({ centers: z.number(), ...figures }),
  children: z.array(z.object({ ...region.shape, centers: z.number(), ...figures })).describe('the regions directly below that hold centers, each with the sums of its subtree'),
  centers: z.array(z.object({ id: z.string(), name: z.string(), nameEn, kind: z.enum(['center', 'service_point']), regionCode: z.string(), ...figures })),
});

export const centerParams = z.object({ id: z.uuid() });
export const centerQuery = z.object({
  open: z.enum(['true', 'false']).default('true').transform((v) => v === 'true').describe('only open cases (default) or all'),
  ...pageQuery,
});
export const centerBoard = z.object({
  center: z.object({ id: z.string(), name: z.string(), nameEn, kind: z.enum(['center', 'service_point']), regionCode: z.string(), level }),
  trail: z.array(region), periodDays: z.number(), figures: z.object(figures),
  cases: z.array(z.object({
    id: z.string(), receiptNo: z.string().nullable(), itemName: z.string(), itemNameEn: nameEn, status: z.string(),
    light: z.enum(['green', 'yellow', 'red']).nullable(), dueDate: z.string().nullable(), applicantName: z.string().describe('masked'), createdAt: z.string(),
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});

export const implementationsQuery = z.object({ q: z.string().trim().max(50).optional(), ...pageQuery });
const hallStatus = z.enum(['draft', 'in_hall', 'removed']);
export const implementations = z.object({
  localCenters: z.number().describe("centers of the reader's scope below the province"),
  items: z.array(z.object({
    id: z.string(), basicCode: z.string(), name: z.string(), nameEn, level: z.string(), centerName: z.string(), centerNameEn: nameEn,
    statutoryLimitDays: z.number(), promisedLimitDays: z.number(), hallStatus,
    implementations: z.array(z.object({
      itemId: z.string(), centerId: z.string(), centerName: z.string(), centerNameEn: nameEn, regionCode: z.string(), level: z.string(),
      departmentName: z.string(), departmentNameEn: nameEn, implementationCode: z.string(),
      statutoryLimitDays: z.number(), promisedLimitDays: z.number(), hallStatus,
    })),
    notImplemented: z.number().describe('centers of the scope below the province without an implementation'),
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});
