import { z } from 'zod';
import { pageQuery } from '../../lib/schemas.ts';

/** Request and response shapes of the portal's own endpoints (docs/portal.md). */
export const profileView = z.object({
  kind: z.enum(['person', 'enterprise']),
  name: z.string(),
  idNumber: z.string().nullable(),
  creditCode: z.string().nullable(),
  legalRepresentative: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  prefill: z.record(z.string(), z.string()).describe('values for the form fields the account answers, by field key (docs/portal.md)'),
});
export const profileBody = z.object({
  address: z.string().trim().max(200).nullable().describe('联系地址; empty or null clears it'),
});

export const draftParams = z.object({ kind: z.enum(['item', 'matter']), targetId: z.uuid() });
const fieldKey = z.string().min(1).max(80).regex(/^[A-Za-z0-9_.-]+$/);
const uploaded = z.object({ id: z.uuid(), name: z.string().max(255), size: z.number().int().min(0) });
export const draftData = z.object({
  form: z.record(fieldKey, z.string().max(4000)).default({}),
  materials: z.record(fieldKey, z.array(uploaded).max(20)).default({}),
  answers: z.record(fieldKey, z.string().max(80)).optional().describe('a joint matter: the answers to its questions'),
  step: z.number().int().min(0).max(3).optional().describe('a joint matter: the step the applicant was at'),
}).refine((d) => Object.keys(d.form).length <= 200 && Object.keys(d.materials).length <= 100, 'at most 200 fields and 100 materials');
export const draftBody = z.object({
  data: draftData,
  rowVersion: z.number().int().min(0).optional().describe('the version read; absent when saving a first draft'),
});
export const draftView = z.object({
  id: z.string(), kind: z.enum(['item', 'matter']), targetId: z.string(),
  name: z.string(), nameEn: z.string().nullable(), centerId: z.string(), matterKey: z.string().nullable(),
  data: draftData, rowVersion: z.number(), updatedAt: z.string(),
});
export const draftList = z.object({ drafts: z.array(draftView.omit({ data: true })), total: z.number(), page: z.number(), pageSize: z.number() });
export const pageOnly = z.object(pageQuery);

export const itemIdParam = z.object({ itemId: z.uuid() });
const serviceView = z.object({
  itemId: z.string(), name: z.string(), nameEn: z.string().nullable(), departmentName: z.string(), departmentNameEn: z.string().nullable(),
  online: z.boolean(), cases: z.number().describe('popular: cases of the center in the last 90 days; frequent: my own cases'),
});
export const bookmarkList = z.object({ bookmarks: z.array(serviceView.omit({ cases: true }).extend({ createdAt: z.string() })) });
export const bookmarkView = z.object({ itemId: z.string(), bookmarked: z.boolean() });
export const servicesList = z.object({ items: z.array(serviceView) });
export const popularQuery = z.object({ centerId: z.uuid().optional().describe('absent: every center'), limit: z.coerce.number().int().min(1).max(20).default(8) });

export const siteInfo = z.object({
  name: z.object({ zh: z.string(), en: z.string() }),
  siteCode: z.string().nullable().describe('政府网站标识码'),
  icp: z.string().nullable().describe('ICP备案号'),
  psb: z.string().nullable().describe('公安机关备案号'),
  contactPhone: z.string().nullable(), contactEmail: z.string().nullable(), contactAddress: z.string().nullable(),
});
