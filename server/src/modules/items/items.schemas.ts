import { z } from 'zod';
import { schemaIssue } from '../../lib/errors.ts';
import { pageQuery } from '../../lib/schemas.ts';
import { LIFE_EVENTS, THEMES } from './taxonomy.ts';
import { fee, feeStandardProblem } from './fee-standard.ts';

/** Item types of the national catalogue (GB/T 39554): 01–10 administrative powers, 20 public service. */
export const ITEM_TYPES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20'] as const;
export const itemType = z.enum(ITEM_TYPES);
export type ItemType = z.infer<typeof itemType>;

/** Level of the implementing body; it is the 19th character of the implementation code. */
export const ITEM_LEVELS = { national: '1', province: '2', city: '3', county: '4', township: '5', village: '6' } as const;
export const itemLevel = z.enum(['national', 'province', 'city', 'county', 'township', 'village']);
export type ItemLevel = z.infer<typeof itemLevel>;

export const processingMode = z.enum(['instant', 'promised', 'joint', 'reported']);
/** 通办范围 (issue 17): the scope an item's applications may be handed in and collected across. */
export const ACROSS_REGIONS = ['none', 'province', 'nationwide'] as const;
export type AcrossRegions = (typeof ACROSS_REGIONS)[number];
export const audience = z.enum(['person', 'enterprise']);
export const specialProcedureKind = z.enum([
  'hearing', 'tendering', 'auction', 'testing', 'inspection', 'quarantine', 'appraisal', 'expert_review',
]);

/** The contact fields every application form starts with (modules/cases/forms.ts, COMMON_FIELDS). */
const FORM_COMMON_KEYS = ['contactName', 'contactPhone', 'address'];

const text = (max: number) => z.string().trim().min(1).max(max);

export const material = z.object({
  key: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  name: text(200),
  /** Issue 17: the English name for foreign applicants; the Chinese name is authoritative. */
  nameEn: z.string().trim().max(300).optional(),
  form: z.enum(['paper', 'electronic', 'both']),
  originalOrCopy: z.enum(['original', 'copy', 'original_and_copy']),
  copies: z.number().int().min(0).max(99),
  requirement: z.enum(['required', 'conditional']),
  condition: z.string().trim().max(500).optional(),
  source: z.string().trim().max(200).optional(),
  specification: z.string().trim().max(500).optional(),
  eLicenceAccepted: z.boolean(),
  /** The e-licence types that replace it (library codes, issue 12); none listed: any type, when eLicenceAccepted. */
  eLicenceTypes: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
  /**
   * When a conditional material is required: the answer to a field of the item's form is one of
   * `anyOf` (or, without `anyOf`, is filled in). Without it the condition is told in words only and
   * the window judges it at the counter (modules/cases/materials-check.ts).
   */
  requiredWhen: z.object({ field: z.string().max(40), anyOf: z.array(z.string().max(60)).min(1).max(50).optional() }).optional(),
  templateFileId: z.uuid().optional(),
  sampleFileId: z.uuid().optional(),
});
export type Material = z.infer<typeof material>;

export const procedureStep = z.object({
  name: text(100),
  nameEn: z.string().trim().max(200).optional(),
  description: z.string().trim().max(1000).default(''),
  role: z.enum(['window', 'approver', 'chief', 'delivery']).optional(),
  workdays: z.number().int().min(0).max(365).optional(),
});

/** A fee item: display texts, and the computable standard of issue 11 (fee-standard.ts). */
export { fee };

/**
 * A special procedure (特别程序, Art. 45) the item declares: its kind, the law that provides for it
 * and its longest working days. A case is suspended only for a procedure its item declares, never
 * longer than declared; the time is not counted against the limit.
 */
export const specialProcedure = z.object({
  kind: specialProcedureKind,
  description: text(500),
  legalBasis: z.string().trim().min(1).max(500).optional(),
  maxWorkdays: z.number().int().min(1).max(365).optional(),
});

/** A field of the application form that the portal and the counter generate for the item. */
export const formField = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/),
  label: text(60),
  labelEn: z.string().trim().max(120).optional(),
  type: z.enum(['text', 'textarea', 'date', 'number', 'select']),
  required: z.boolean(),
  options: z.array(z.object({ value: text(60), label: text(60), labelEn: z.string().trim().max(120).optional() })).max(50).optional(),
});
export type FormField = z.infer<typeof formField>;

/** The elements of one version of an item: everything a manager edits in a draft. */
export const itemContentBase = z.object({
  name: text(200),
  nameEn: z.string().trim().max(300).optional(),
  legalBasis: z.array(text(1000)).min(1).max(50),
  conditions: z.array(text(1000)).min(1).max(50),
  /** Issue 17: the conditions in English, one per Chinese condition, for foreign applicants (the Chinese authoritative). */
  conditionsEn: z.array(text(2000)).max(50).optional(),
  materials: z.array(material).max(100),
  procedure: z.array(procedureStep).min(1).max(30),
  statutoryLimitDays: z.number().int().min(0).max(365),
  promisedLimitDays: z.number().int().min(0).max(365),
  specialProcedures: z.array(specialProcedure).max(20).default([]),
  fees: z.array(fee).max(30).default([]),
  processingMode: processingMode,
  visits: z.number().int().min(0).max(5),
  online: z.boolean(),
  inHall: z.boolean(),
  notInHallApproval: z.string().trim().max(200).optional(),
  audiences: z.array(audience).min(1).max(2),
  themes: z.array(z.enum(THEMES.map((t) => t.key) as [string, ...string[]])).max(10).default([]),
  lifeEvents: z.array(z.enum(LIFE_EVENTS.map((t) => t.key) as [string, ...string[]])).max(10).default([]),
  acceptanceLocation: z.string().trim().max(300).default(''),
  consultPhone: z.string().trim().max(50).default(''),
  complaintPhone: z.string().trim().max(50).default(''),
  progressQuery: z.string().trim().max(500).default(''),
  result: z.string().trim().max(200).default(''),
  /** The item's own application fields; the applicant's identity and contact come from the case. */
  formFields: z.array(formField).max(60).optional(),
  /**
   * 上报件: the item is decided at the level above (or by a department outside the hall). The chief
   * forwards the case after the first review; it becomes a case of this item, at that item's center.
   */
  reportTo: z.object({ itemId: z.uuid() }).optional(),
  /**
   * 审管分离's recorded exception: an instant item (即办件) may be accepted and decided on the spot at
   * the window by the chief representative (首席代表), an account that is both window and chief. Each
   * use is recorded on the decision's audit event.
   */
  windowDecisionByChiefRepresentative: z.boolean().optional(),
  /**
   * 通办范围 (issue 17, docs/network.md): where else an application may be handed in and the result
   * collected. none (default): only at this center; province: at any center of the same province;
   * nationwide: at any center. The case is still decided here, on this center's clock.
   */
  acrossRegions: z.enum(ACROSS_REGIONS).optional().describe('通办范围: none (only here, the default), province, nationwide'),
  /**
   * 退回部门办理件 (seed 003): not decided in the hall. The window hands the case with its materials to
   * the department's own office, which decides it and returns the result to the hall for delivery.
   * The limits of the two hand-overs in working days; absent, the center's settings apply.
   */
  handledInDepartment: z.object({
    toDepartmentDays: z.number().int().min(0).max(30).optional(),
    toHallDays: z.number().int().min(0).max(30).optional(),
  }).optional(),
});

/** Cross-field rules: promised ≤ statutory; an item kept out of the hall names its approval. */
export const itemContent = itemContentBase
  .refine((c) => c.promisedLimitDays <= c.statutoryLimitDays, {
    path: ['promisedLimitDays'],
    ...schemaIssue('PROMISED_EXCEEDS_STATUTORY'),
  })
  .refine((c) => c.inHall || (c.notInHallApproval ?? '').length > 0, {
    path: ['notInHallApproval'],
    ...schemaIssue('NOT_IN_HALL_NEEDS_APPROVAL'),
  })
  .refine((c) => new Set(c.materials.map((m) => m.key)).size === c.materials.length, {
    path: ['materials'],
    ...schemaIssue('MATERIAL_KEY_DUPLICATE'),
  })
  // A material's condition names a field of the item's own form (or a contact field every form has).
  .refine((c) => c.materials.every((m) => !m.requiredWhen || [...FORM_COMMON_KEYS, ...(c.formFields?.length ? c.formFields.map((f) => f.key) : ['summary'])].includes(m.requiredWhen.field)), {
    path: ['materials'],
    ...schemaIssue('MATERIAL_CONDITION_INVALID'),
  })
  // 通办 hands one case to the receiving and collecting windows; a joint matter (its parts in several
  // departments) or a reported one (decided above) is not carried that way (docs/network.md).
  .refine((c) => !c.acrossRegions || c.acrossRegions === 'none' || !['joint', 'reported'].includes(c.processingMode), {
    path: ['acrossRegions'],
    ...schemaIssue('TONGBAN_MODE_UNSUPPORTED'),
  })
  // Issue 11: a computable fee standard is whole and names the form's fields (fee-standard.ts).
  .superRefine((c, ctx) => {
    const detail = feeStandardProblem(c.fees, c.formFields, FORM_COMMON_KEYS);
    if (detail) ctx.addIssue({ code: 'custom', path: ['fees'], ...schemaIssue('FEE_STANDARD_INVALID', { detail }) });
  });
export type ItemContent = z.infer<typeof itemContent>;

/** Item-level identity: fixed for the life of the item, the parts its two codes are built from. */
export const itemIdentity = z.object({
  departmentId: z.uuid(),
  type: itemType,
  level: itemLevel,
  /** "00" for an item of the national list, else the 2-digit province prefix of the setting region. */
  codeRegion: z.string().regex(/^\d{2}$/),
  codeMain: z.string().regex(/^\d{5}$/),
  codeSub: z.string().regex(/^\d{3}$/).default('000'),
});
export type ItemIdentity = z.infer<typeof itemIdentity>;

// ---- request and response shapes of the catalog endpoints ----

const ref = z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable() });

export const itemListRow = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  basicCode: z.string(),
  implementationCode: z.string(),
  type: z.string(),
  department: ref,
  center: ref,
  processingMode: z.string(),
  promisedLimitDays: z.number(),
  statutoryLimitDays: z.number(),
  online: z.boolean(),
  visits: z.number(),
  version: z.number(),
});

export const publicListQuery = z.object({
  q: z.string().max(100).optional(),
  ...pageQuery,
  audience: audience.optional(),
  /** The service object (服务对象), another name of `audience` kept for the portal's links. */
  object: audience.optional(),
  departmentId: z.uuid().optional(),
  // Only the keys of the taxonomy: an unknown key is a mistyped link, refused with 400.
  theme: z.enum(THEMES.map((t) => t.key) as [string, ...string[]]).optional(),
  lifeEvent: z.enum(LIFE_EVENTS.map((t) => t.key) as [string, ...string[]]).optional(),
  centerId: z.uuid().optional(),
  type: itemType.optional(),
});

export const publicListResponse = z.object({ items: z.array(itemListRow), total: z.number(), page: z.number(), pageSize: z.number() });

const filesMap = z.record(z.string(), z.object({ name: z.string(), size: z.number(), mime: z.string() }));

export const guideResponse = z.object({
  item: z.object({
    id: z.string(), basicCode: z.string(), implementationCode: z.string(), type: z.string(), level: z.string(),
    department: ref, center: ref, hallStatus: z.string(),
  }),
  version: z.object({ version: z.number(), validFrom: z.string(), publishedAt: z.string(), content: itemContentBase }),
  upcoming: z.object({ version: z.number(), validFrom: z.string() }).nullable(),
  files: filesMap,
  /** Issue 16: the form field in which the applicant names a project awarded in this center (null: not needed). */
  tradingAward: z.object({ field: z.string(), label: z.string(), labelEn: z.string().nullable() }).nullable(),
});

const label = { key: z.string(), zh: z.string(), en: z.string(), count: z.number() };
export const facetsResponse = z.object({
  centers: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable(), regionCode: z.string(), regionName: z.string(), level: z.string() })),
  departments: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable(), centerId: z.string(), count: z.number() })),
  themes: z.array(z.object(label)),
  lifeEvents: z.array(z.object(label)),
  audiences: z.object({ person: z.number(), enterprise: z.number() }),
});

const pendingRequest = z.object({ id: z.string(), kind: z.enum(['admission', 'removal']) }).nullable();
const hallStatus = z.enum(['draft', 'in_hall', 'removed']);

export const managerRow = itemListRow.extend({
  hallStatus, latestVersion: z.number(), hasDraft: z.boolean(), pendingRequest, updatedAt: z.string(),
});

export const managerListQuery = z.object({
  q: z.string().max(100).optional(),
  hallStatus: hallStatus.optional(),
  ...pageQuery,
});
export const managerListResponse = z.object({ items: z.array(managerRow), total: z.number(), page: z.number(), pageSize: z.number() });

export const requestView = z.object({
  id: z.string(),
  kind: z.enum(['admission', 'removal']),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  item: z.object({ id: z.string(), name: z.string() }),
  requestedBy: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  decidedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

export const managerItemResponse = z.object({
  item: managerRow.extend({ level: z.string(), codeRegion: z.string(), codeMain: z.string(), codeSub: z.string(), departmentId: z.string() }),
  versions: z.array(z.object({
    version: z.number(), status: z.enum(['draft', 'published']), validFrom: z.string().nullable(), publishedAt: z.string().nullable(), createdAt: z.string(),
  })),
  draft: z.object({ version: z.number(), content: itemContentBase }).nullable(),
  current: z.object({ version: z.number(), validFrom: z.string().nullable(), content: itemContentBase }).nullable(),
  history: z.array(z.object({ at: z.string(), action: z.string(), actor: z.object({ id: z.string(), name: z.string() }).nullable(), data: z.unknown() })),
  requests: z.array(requestView),
  files: filesMap,
});

export const versionResponse = z.object({
  version: z.number(), status: z.enum(['draft', 'published']), validFrom: z.string().nullable(), publishedAt: z.string().nullable(), content: itemContentBase,
});

export const createItemBody = z.object({ identity: itemIdentity, content: itemContent });
export const saveDraftBody = z.object({ content: itemContent });
export const hallRequestBody = z.object({ kind: z.enum(['admission', 'removal']), reason: z.string().trim().min(2).max(1000) });
export const decisionBody = z.object({ approve: z.boolean(), reason: z.string().trim().min(2).max(1000) });
export const requestsQuery = z.object({
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
  ...pageQuery,
});
export const requestsResponse = z.object({ requests: z.array(requestView), total: z.number(), page: z.number(), pageSize: z.number() });

// ---- 通办 (issue 17, docs/network.md) ----------------------------------------------------------
const tongbanCenter = z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable(), regionCode: z.string(), kind: z.enum(['center', 'service_point']) });
export const tongbanCentersResponse = z.object({
  acrossRegions: z.enum(ACROSS_REGIONS),
  decidingCenterId: z.string(),
  centers: z.array(tongbanCenter).describe('where the application may be handed in and the result collected (the deciding center included)'),
});
export const implementationsAtQuery = z.object({
  basicCode: z.string().regex(/^\d{2}(0[1-9]|10|20)\d{8}$/).describe('the 12-character basic code'),
  centerId: z.uuid().describe('the center where the applicant hands in the application'),
});
export const implementationsAtResponse = z.object({
  basicCode: z.string(), centerId: z.string(),
  implementations: z.array(z.object({
    itemId: z.string(), name: z.string(), nameEn: z.string().nullable(), level: z.string(), centerId: z.string(), centerName: z.string(), centerNameEn: z.string().nullable(),
    regionCode: z.string(), departmentName: z.string(), promisedLimitDays: z.number().nullable(), acrossRegions: z.enum(ACROSS_REGIONS), local: z.boolean(),
  })),
});

// ---- issue 16: the items whose cases need a project awarded in the center (award-requirement.ts) ----
export const awardRequirementBody = z.object({
  projectCodeField: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/).describe('the key of a text field of the item\'s application form'),
});
export const awardRequirementResponse = z.object({
  itemId: z.string(),
  projectCodeField: z.string().nullable().describe('null: the item needs no traded project'),
  since: z.string().nullable(),
  choices: z.array(z.object({ key: z.string(), label: z.string(), labelEn: z.string().nullable() }))
    .describe('the text fields of the newest published form (and of the open draft) that may hold the project code'),
});
