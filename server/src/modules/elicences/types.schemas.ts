import { z } from 'zod';

/**
 * Where a printed field's value comes from in the case: the applicant (name, ID number or credit
 * code, phone), a field of the case's online form (`form.<key>`), the receipt number, the decision's
 * reason, the item's name, or a fixed text (`text:…`).
 */
export const FIELD_SOURCE = /^(applicant\.(name|code|phone)|form\.[A-Za-z0-9_]{1,40}|case\.(receiptNo|decisionReason)|item\.name|text:[^\n]{0,200})$/;

export const licenceTypeField = z.object({
  key: z.string().regex(/^[a-z][A-Za-z0-9_]{0,39}$/).describe('the key of the value in the licence data'),
  label: z.string().trim().min(1).max(40),
  labelEn: z.string().trim().max(80).optional(),
  source: z.string().regex(FIELD_SOURCE).describe('applicant.name|code|phone, form.<key>, case.receiptNo|decisionReason, item.name, text:<fixed>'),
});
export const holderType = z.enum(['id_number', 'credit_code', 'other']);
export const licenceTemplate = z.object({
  title: z.string().trim().max(40).optional().describe('the title printed (default: the type name)'),
  note: z.string().trim().max(200).optional(),
}).strict();

const typeCommon = {
  name: z.string().trim().min(2).max(60),
  nameEn: z.string().trim().max(120).nullable().optional(),
  issuingDepartmentId: z.uuid(),
  holderType,
  validityMonths: z.number().int().min(1).max(1200).nullable().describe('null: long-term (长期)'),
  fields: z.array(licenceTypeField).min(1).max(30).refine((fs) => new Set(fs.map((f) => f.key)).size === fs.length, 'field keys must be unique'),
  template: licenceTemplate.default({}),
  itemIds: z.array(z.uuid()).max(100).default([]).describe('the items whose approval issues this licence'),
};
export const createLicenceTypeBody = z.object({
  code: z.string().trim().min(2).max(40).regex(/^[^\s]+$/).describe('the type code (GB/T 36902); item materials name it in eLicenceTypes'),
  ...typeCommon,
}).strict();
export const updateLicenceTypeBody = z.object({ ...typeCommon, status: z.enum(['active', 'retired']).optional() }).strict();
export type CreateLicenceTypeBody = z.infer<typeof createLicenceTypeBody>;
export type UpdateLicenceTypeBody = z.infer<typeof updateLicenceTypeBody>;

export const licenceTypeView = z.object({
  id: z.string(), code: z.string(), name: z.string(), nameEn: z.string().nullable(),
  issuingDepartment: z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable(), creditCode: z.string() }),
  holderType, validityMonths: z.number().nullable(),
  fields: z.array(licenceTypeField), template: z.object({ title: z.string().optional(), note: z.string().optional() }),
  status: z.enum(['active', 'retired']),
  items: z.array(z.object({ id: z.string(), name: z.string() })),
});
export const licenceTypeList = z.object({ types: z.array(licenceTypeView), total: z.number(), page: z.number(), pageSize: z.number() });
export const typePageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(50) });
