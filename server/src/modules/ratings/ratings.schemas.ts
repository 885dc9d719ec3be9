import { z } from 'zod';
import { pageQuery } from '../../lib/schemas.ts';
import { calendarDate } from '../calendar/calendar.schemas.ts';

/** Request and response shapes of the ratings routes (validation and OpenAPI from one schema). */

const level = z.number().int().min(1).max(5).describe('5 very satisfied, 4 satisfied, 3 neutral, 2 dissatisfied, 1 very dissatisfied (1–2 are bad reviews)');
const comment = z.string().max(1000).optional().describe('free text, stored as text and shown escaped');
const note = z.string().trim().min(1).max(2000);
const iso = z.string();

export const stage = z.enum(['acceptance', 'completion']);
export const caseStageParams = z.object({ id: z.uuid() });
const dims = z.record(z.string().max(32), level).optional().describe('scores per national dimension (keys from GET /api/ratings/dimensions)');

export const caseRatingBody = z.object({
  stage, level, dimensions: dims, comment, realName: z.boolean(),
  channel: z.enum(['portal', 'message_link']).optional(),
}).strict();
export const visitRatingBody = z.object({ level, dimensions: dims, comment }).strict();

// 扫码评价: the slip's rating token (docs/ratings.md "Rating from the slip")
export const tokenParam = z.object({ token: z.string().min(1).max(200).describe("the slip's rating token (its QR code's path, or the printed code; case, spaces and hyphens do not matter)") });
export const tokenRatingBody = z.object({
  level, dimensions: dims, comment,
  channel: z.enum(['slip', 'kiosk']).optional().describe("where it is given: slip (the visitor's phone, from the QR code; the default) or kiosk (typed or scanned at a kiosk)"),
}).strict();
const named = z.object({ name: z.string(), nameEn: z.string().nullable() });
export const tokenVisit = z.object({
  number: z.string(), day: z.string().describe('China date of the ticket; the code is valid that day only'),
  state: z.enum(['not_finished', 'not_served', 'open', 'rated', 'closed'])
    .describe('not_finished: waiting or at the window; not_served: cancelled or no-show; open: can be rated now; rated: rated already (once); closed: finished on another day'),
  canRate: z.boolean(), zone: named.describe('the service (zone) of the visit'), window: named.nullable().describe('the window that served it'),
  dimensions: z.array(z.object({ key: z.string(), name: z.string(), nameEn: z.string() })),
});
export const myVisits = z.object({
  visits: z.array(z.object({
    ticketId: z.uuid(), number: z.string(), finishedAt: z.string().nullable(),
    rating: z.object({ level: z.number().int(), createdAt: z.string() }).nullable().describe('given already (anonymous: only that it was given, and its level)'),
  })).describe("the person's visits finished today (China date), newest first"),
});
export const kioskHeaders = z.object({ 'x-kiosk-token': z.string().max(200).optional() });

export const dimension = z.object({ key: z.string(), name: z.string(), nameEn: z.string() });
export const dimensionsResponse = z.object({ dimensions: z.array(dimension) });

export const rating = z.object({
  id: z.uuid(), caseId: z.uuid().nullable(), ticketId: z.uuid().nullable(), stage: z.enum(['acceptance', 'completion', 'visit']),
  level: z.number(), dimensions: z.record(z.string(), z.number()), comment: z.string().nullable(),
  channel: z.enum(['portal', 'kiosk', 'pad', 'message_link', 'slip']), realName: z.boolean(), createdAt: iso, voided: z.boolean(),
});

const status = z.enum(['open', 'called_back', 'verified', 'rectified', 'rated_by_person', 'closed', 'appealed', 'appeal_upheld', 'appeal_rejected']);
/** The task as the person served sees it (the rating page, the answer to rating the fix): no staff notes, no appeal. */
export const personTask = z.object({
  id: z.uuid(), status, dueDate: z.string(), rectificationNote: z.string().nullable(), rectifiedAt: iso.nullable(),
  personLevel: z.number().nullable(), personComment: z.string().nullable(),
});
export const caseRatingsResponse = z.object({
  caseId: z.uuid(), receiptNo: z.string().nullable(), dimensions: z.array(dimension),
  stages: z.array(z.object({ stage, invitedAt: iso.nullable(), rating: rating.nullable(), task: personTask.nullable() })),
});

const HIDDEN = 'null for an anonymous review: staff are never told which case or visit it rated (docs/ratings.md)';
const step = z.object({ note: z.string().nullable(), at: iso.nullable() });
export const task = z.object({
  id: z.uuid(), status, dueDate: z.string(), dueProvisional: z.boolean(), realName: z.boolean(),
  /** 0–3: how far up an overdue rectification has been escalated (docs/ratings.md). */
  escalationLevel: z.number(),
  department: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string().nullable() }).nullable(),
  rating: z.object({
    caseId: z.uuid().nullable().describe(HIDDEN), ticketId: z.uuid().nullable().describe(HIDDEN), receiptNo: z.string().nullable().describe(HIDDEN),
    stage: z.enum(['acceptance', 'completion', 'visit']),
    level: z.number(), dimensions: z.record(z.string(), z.number()), comment: z.string().nullable(), channel: z.string(), ratedAt: iso,
    voided: z.boolean(), raterName: z.string().nullable(),
  }),
  callback: step.nullable(), verification: step.nullable(),
  rectification: step.extend({ onTime: z.boolean() }).nullable(),
  personRating: z.object({ level: z.number().nullable(), comment: z.string().nullable(), at: iso.nullable() }).nullable(),
  appeal: z.object({ reason: z.string().nullable(), at: iso.nullable(), decisionNote: z.string().nullable(), decidedAt: iso.nullable() }).nullable(),
  closedAt: iso.nullable(), createdAt: iso,
});

export const taskListQuery = z.object({ status: z.union([z.enum(['open', 'closed']), status]).optional(), ...pageQuery });
export const taskList = z.object({
  total: z.number(), page: z.number(), pageSize: z.number(),
  tasks: z.array(z.object({
    id: z.uuid(), status, dueDate: z.string(), realName: z.boolean(), createdAt: iso, level: z.number(),
    stage: z.enum(['acceptance', 'completion', 'visit']), receiptNo: z.string().nullable().describe(HIDDEN), overdue: z.boolean(),
    escalationLevel: z.number(),
  })),
});
export const taskActionBody = z.object({
  action: z.enum(['call_back', 'verify', 'rectify', 'appeal', 'uphold_appeal', 'reject_appeal', 'close']), note,
}).strict();
export const fixRatingBody = z.object({ level, comment }).strict();

export const figuresQuery = z.object({ by: z.enum(['department', 'window', 'staff']).default('department'), from: calendarDate, to: calendarDate });
export const figuresResponse = z.object({
  by: z.enum(['department', 'window', 'staff']), from: z.string(), to: z.string(),
  rows: z.array(z.object({
    key: z.uuid().nullable(), name: z.string().nullable(), nameEn: z.string().nullable(),
    invited: z.number(), ratings: z.number(), caseRatings: z.number(), coverage: z.number().nullable(),
    satisfied: z.number(), satisfaction: z.number().nullable(), mean: z.number().nullable(),
    bad: z.number(), rectifiedOnTime: z.number(), rectifiedOnTimeRate: z.number().nullable(),
  })),
});
export const settingsBody = z.object({ rectifyWorkdays: z.number().int().min(1).max(60) }).strict();
export const settingsResponse = z.object({ rectifyWorkdays: z.number() });
