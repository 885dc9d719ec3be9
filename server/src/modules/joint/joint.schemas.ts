import { deliveryChoice } from '../../lib/delivery-choice.ts';
import { z } from 'zod';
import { pageQuery } from '../../lib/schemas.ts';
import { formField } from '../items/items.schemas.ts';
import { LIFE_EVENTS } from '../items/taxonomy.ts';
import { applicantInput, caseSummary, formFieldView } from '../cases/cases.schemas.ts';
import { materialRef } from '../cases/material-checklist.schemas.ts';

/** The statutory limit of joint handling (Art. 42): 45 working days, extendable once by 15. */
export const JOINT_STATUTORY_DAYS = 45;

const text = (max: number) => z.string().trim().min(1).max(max);
const key = z.string().regex(/^[a-z][a-z0-9_]{0,29}$/);
const option = z.object({ value: key, label: text(60), labelEn: z.string().trim().max(120).optional() });

export const question = z.object({
  key,
  label: text(200),
  labelEn: z.string().trim().max(300).optional(),
  options: z.array(option).min(2).max(10),
});

export const matterItem = z.object({
  itemId: z.uuid(),
  /** Applies only when the question was answered with one of these values; always when absent. */
  when: z.object({ question: key, anyOf: z.array(key).min(1).max(10) }).optional(),
});

export const sharedField = formField.extend({
  sources: z.array(z.object({ itemId: z.uuid(), field: z.string().min(1).max(40) })).min(1).max(20),
});

export const sharedMaterial = z.object({
  key: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  name: text(200),
  sources: z.array(z.object({ itemId: z.uuid(), material: z.string().min(1).max(40) })).min(1).max(20),
});

/**
 * An item of the matter that needs another item's result first (a food business licence needs the
 * company registered): `materials` are the dependent item's own materials that the prerequisite's
 * result stands for, so the applicant is not asked to upload them.
 */
export const prerequisite = z.object({
  itemId: z.uuid(),
  requires: z.uuid(),
  materials: z.array(z.string().min(1).max(40)).max(20).default([]),
});
export const PREREQUISITE_DENIAL_RULES = ['terminate_dependents', 'continue'] as const;

export const matterDefinition = z.object({
  description: z.string().trim().max(2000).default(''),
  descriptionEn: z.string().trim().max(4000).optional(),
  promisedDays: z.number().int().min(1).max(JOINT_STATUTORY_DAYS).default(JOINT_STATUTORY_DAYS),
  denialRule: z.enum(['continue', 'stop_all']),
  questions: z.array(question).max(10).default([]),
  items: z.array(matterItem).min(2).max(20),
  sharedFields: z.array(sharedField).max(40).default([]),
  sharedMaterials: z.array(sharedMaterial).max(40).default([]),
  prerequisites: z.array(prerequisite).max(40).default([]),
  /** What a denied (or terminated) prerequisite does to the items waiting for it. */
  prerequisiteDenial: z.enum(PREREQUISITE_DENIAL_RULES).default('terminate_dependents'),
});
export type MatterDefinition = z.infer<typeof matterDefinition>;

export const matterBody = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/),
  name: text(200),
  nameEn: z.string().trim().max(300).optional(),
  lifeEvent: z.enum(LIFE_EVENTS.map((l) => l.key) as [string, ...string[]]).optional(),
  leadDepartmentId: z.uuid(),
  definition: matterDefinition,
  rowVersion: z.number().int().min(0).optional().describe('the version read before editing; a stale one is 409'),
});
export type MatterBody = z.infer<typeof matterBody>;

export const answers = z.record(key, key);

// ---- responses ----
const bilingual = z.object({ zh: z.string(), en: z.string() });
const ref = z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable() });

export const matterSummary = z.object({
  id: z.string(), key: z.string(), name: z.string(), nameEn: z.string().nullable(), lifeEvent: z.string().nullable(),
  description: z.string(), descriptionEn: z.string().nullable(), centerId: z.string(), centerName: z.string(), centerNameEn: z.string().nullable(), leadDepartment: ref, itemCount: z.number(),
});
export const matterList = z.object({ matters: z.array(matterSummary) });
export const matterListQuery = z.object({ centerId: z.uuid().optional(), lifeEvent: z.string().max(40).optional() });

export const matterPublic = matterSummary.extend({
  promisedDays: z.number(), statutoryDays: z.number(), denialRule: z.enum(['continue', 'stop_all']),
  prerequisiteDenial: z.enum(PREREQUISITE_DENIAL_RULES),
  questions: z.array(z.object({ key: z.string(), label: bilingual, options: z.array(z.object({ value: z.string(), label: bilingual })) })),
  items: z.array(z.object({
    itemId: z.string(), name: z.string(), nameEn: z.string().nullable(), departmentName: z.string(), departmentNameEn: z.string().nullable(),
    when: z.object({ question: z.string(), anyOf: z.array(z.string()) }).nullable(),
    requires: z.array(z.string()).describe('the items (ids) of the matter this one waits for'),
  })),
});

export const checklistBody = z.object({ answers });
export const checklistResponse = z.object({
  items: z.array(z.object({ itemId: z.string(), name: z.string(), nameEn: z.string().nullable(), departmentId: z.string(), departmentName: z.string(), departmentNameEn: z.string().nullable(), promisedDays: z.number() })),
  fields: z.array(formFieldView.extend({ items: z.array(z.string()) })),
  materials: z.array(z.object({
    key: z.string(), name: z.string(), requirement: z.string(), condition: z.string().optional(), originalOrCopy: z.string(),
    copies: z.number(), eLicenceAccepted: z.boolean(), templateFileId: z.string().optional(), items: z.array(z.string()),
    producedWithin: z.array(z.string()).optional().describe('the items of this matter whose result stands for this material: nothing to upload'),
  })),
  counts: z.object({ fieldsAsked: z.number(), fieldsSeparate: z.number(), materialsAsked: z.number(), materialsSeparate: z.number() }),
  applicantKinds: z.array(z.enum(['person', 'enterprise'])).describe('服务对象: who may apply for these answers (persons, enterprises); another kind is refused ITEM_AUDIENCE_MISMATCH'),
});

export const submitJointBody = z.object({
  answers,
  form: z.record(z.string().max(40), z.string().max(4000)),
  materials: z.array(materialRef).max(200),
  idempotencyKey: z.string().min(8).max(100),
  // Issue 11: how the joint result is delivered, as a single application (lib/delivery-choice.ts).
  delivery: deliveryChoice.optional(),
});
export type SubmitJointInput = z.infer<typeof submitJointBody>;
export const counterJointBody = submitJointBody.extend({
  applicant: applicantInput,
  receivedAt: z.iso.datetime({ offset: true }).optional().describe('when the paper materials were received, if before this registration'),
});

const supplementLine = z.object({ key: z.string().min(1).max(40), reason: z.string().trim().min(2).max(2000) });
export const prereviewBody = z.object({ items: z.array(supplementLine).max(100), note: z.string().trim().max(2000).optional() });
export const prereviewList = z.object({
  prereviews: z.array(z.object({
    departmentId: z.string(), departmentName: z.string(), round: z.number(), items: z.array(z.object({ key: z.string(), reason: z.string() })),
    note: z.string(), by: z.string(), at: z.string(),
  })),
});

export const coordinateBody = z.object({ partId: z.uuid(), message: z.string().trim().min(2).max(1000) });
export const coordinationList = z.object({
  cases: z.array(caseSummary.extend({ parts: z.array(caseSummary) })), total: z.number(), page: z.number(), pageSize: z.number(),
});
export const coordinationQuery = z.object({ ...pageQuery });

export const matterAdminRow = matterSummary.extend({
  status: z.enum(['draft', 'published', 'withdrawn']), version: z.number(), rowVersion: z.number(), updatedAt: z.string(),
  leadDepartmentId: z.string(), definition: z.unknown(),
});
export const matterAdminList = z.object({ matters: z.array(matterAdminRow) });
