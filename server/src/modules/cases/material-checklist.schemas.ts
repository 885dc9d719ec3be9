import { z } from 'zod';
import { schemaIssue } from '../../lib/errors.ts';

/** An e-licence named in place of a material's file: its type (library code) and number; issue 12 verifies it. */
export const eLicenceRef = z.object({
  type: z.string().trim().min(1).max(60).describe('the e-licence type, as the material lists it (eLicenceTypes)'),
  number: z.string().trim().min(1).max(100).describe('the licence number'),
});

/** One material given with an application or a supplement: a file, or an e-licence that the material accepts instead. */
export const materialRef = z.object({
  key: z.string().min(1).max(40),
  fileId: z.uuid().optional(),
  eLicence: eLicenceRef.extend({
    consent: z.boolean().optional().describe("the holder's consent to this use (申请事由: this application); required, issue 12"),
  }).optional(),
}).refine((m) => (m.fileId === undefined) !== (m.eLicence === undefined), { path: ['fileId'], ...schemaIssue('MATERIAL_REF_INVALID') })
  // Issue 12: a licence stands in for a material only with the holder's explicit consent (recorded in elicence_uses).
  .refine((m) => m.eLicence === undefined || m.eLicence.consent === true, { path: ['eLicence', 'consent'], ...schemaIssue('ELICENCE_CONSENT_REQUIRED') });

export const MATERIAL_CHECK_STATES = ['original', 'copy', 'e_licence', 'missing'] as const;

export const checklistBody = z.object({
  items: z.array(z.object({
    key: z.string().min(1).max(40),
    state: z.enum(MATERIAL_CHECK_STATES).describe('original 原件 · copy 复印件 · e_licence 电子证照 (seen in the library) · missing 缺'),
    eLicence: eLicenceRef.optional().describe('with e_licence: the licence seen; may be left out when the application named one'),
    note: z.string().trim().max(500).optional(),
    fileId: z.uuid().optional().describe('a scan the clerk uploaded (POST /api/files), attached to the material'),
  })).min(1).max(200),
});
export type ChecklistBody = z.infer<typeof checklistBody>;

export const checklistResponse = z.object({
  caseId: z.string(),
  editable: z.boolean().describe('the caller may record (the window, before acceptance)'),
  materials: z.array(z.object({
    key: z.string(), name: z.string(), requirement: z.string(), condition: z.string().nullable(),
    required: z.boolean().describe("required for this case: a required material, or a conditional one the form's answers make required"),
    originalOrCopy: z.string(), copies: z.number(), eLicenceAccepted: z.boolean(),
    files: z.array(z.object({ id: z.string(), name: z.string(), mime: z.string(), size: z.number(), url: z.string() })),
    eLicence: eLicenceRef.nullable().describe('the e-licence the application named instead of a file'),
    check: z.object({
      state: z.enum(MATERIAL_CHECK_STATES), eLicence: eLicenceRef.nullable(), note: z.string(), by: z.string(), at: z.string(),
    }).nullable().describe('what the window recorded; null: not yet recorded'),
    received: z.boolean().describe('recorded as received, or (nothing recorded) carried by the application as a file or e-licence'),
  })),
  missing: z.array(z.string()).describe('keys of the required materials not received: what acceptance waits for, and what a supplement notice may list'),
});
