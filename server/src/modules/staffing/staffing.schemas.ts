import { z } from 'zod';
import { isoDate, pageQuery } from '../../lib/schemas.ts';

/** Request and response shapes of the window-staff API (docs/hall-staff.md); they feed the OpenAPI document. */
const bilingual = z.object({ zh: z.string(), en: z.string() });
const shift = z.enum(['am', 'pm']);
const text = (max: number) => z.string().trim().min(1).max(max);
/** A day of the years the calendar knows (the schedule and the assessment compute over it). */
const day = isoDate.refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'a day between 2000 and 2100');

export const assignmentBody = z.object({
  userId: z.uuid(), windowId: z.uuid(), departmentId: z.uuid(), fromDay: day, toDay: day.optional(), note: z.string().trim().max(500).optional(),
}).refine((b) => !b.toDay || b.toDay >= b.fromDay, { path: ['toDay'], message: 'toDay is before fromDay' });
export type AssignmentBody = z.infer<typeof assignmentBody>;

export const decisionBody = z.object({ approve: z.boolean(), note: z.string().trim().max(500).optional() });

export const scheduleBody = z.object({ userId: z.uuid(), windowId: z.uuid(), day: day, shift });
export type ScheduleBody = z.infer<typeof scheduleBody>;

export const signInBody = z.object({ windowId: z.uuid().optional() });

export const leaveBody = z.object({
  fromDay: day, toDay: day, kind: z.enum(['annual', 'sick', 'personal', 'other']), reason: text(500), substituteId: z.uuid().optional(),
}).refine((b) => b.toDay >= b.fromDay, { path: ['toDay'], message: 'toDay is before fromDay' })
  .refine((b) => Date.parse(b.toDay) - Date.parse(b.fromDay) <= 60 * 86_400_000, { path: ['toDay'], message: 'at most 60 days' });
export type LeaveBody = z.infer<typeof leaveBody>;

export const trainingBody = z.object({ userId: z.uuid(), course: text(200), hours: z.number().int().min(1).max(1000), day: day, result: z.enum(['passed', 'failed', 'attended']) });
export type TrainingBody = z.infer<typeof trainingBody>;

export const assessmentParams = z.object({ userId: z.uuid(), year: z.coerce.number().int().min(2000).max(2100) });
export const assessmentBody = z.object({ result: z.enum(['excellent', 'competent', 'basically_competent', 'incompetent']), comment: text(2000) });
export const reopenBody = z.object({ reason: text(500) });

export const weekQuery = z.object({ from: day });
export const rangeQuery = z.object({ from: day.optional(), to: day.optional() });
export const assignmentsQuery = z.object({ status: z.enum(['pending', 'active', 'rejected', 'ended']).optional(), ...pageQuery });
export const leavesQuery = z.object({ status: z.enum(['requested', 'approved', 'rejected', 'cancelled']).optional(), ...pageQuery });
export const trainingsQuery = z.object({ userId: z.uuid().optional(), ...pageQuery });
export const userParam = z.object({ userId: z.uuid() });

// ---------------------------------------------------------------- responses

export const idStatus = z.object({ id: z.uuid(), status: z.string(), awaiting: z.enum(['center', 'department']).nullable().optional() });
export const created = z.object({ id: z.uuid() });
export const okResponse = z.object({ ok: z.literal(true) });

export const staffResponse = z.object({
  staff: z.array(z.object({
    id: z.uuid(), name: z.string(), username: z.string(), windowId: z.uuid().nullable(),
    assignment: z.object({
      id: z.uuid(), status: z.enum(['pending', 'active', 'rejected', 'ended']), windowId: z.uuid(), windowName: bilingual, departmentId: z.uuid(), departmentName: bilingual,
      fromDay: z.string(), toDay: z.string().nullable(),
    }).nullable(),
  })),
  windows: z.array(z.object({ id: z.uuid(), name: bilingual })),
  departments: z.array(z.object({ id: z.uuid(), name: bilingual })),
  canManage: z.boolean(),
});

export const assignmentsResponse = z.object({
  page: z.number(), pageSize: z.number(),
  assignments: z.array(z.object({
    id: z.uuid(), userId: z.uuid(), userName: z.string(), windowId: z.uuid(), windowName: bilingual, departmentId: z.uuid(), departmentName: bilingual,
    fromDay: z.string(), toDay: z.string().nullable(), status: z.enum(['pending', 'active', 'rejected', 'ended']), proposedSide: z.enum(['center', 'department']),
    centerApproved: z.boolean(), departmentApproved: z.boolean(), note: z.string().nullable(), awaiting: z.enum(['center', 'department']).nullable(), createdAt: z.string(),
  })),
});

const times = z.object({ start: z.string(), end: z.string() }).nullable();
const attendanceFields = {
  signedInAt: z.string().nullable(), lateMinutes: z.number().nullable(), signedOutAt: z.string().nullable(), earlyMinutes: z.number().nullable(),
};

export const weekResponse = z.object({
  from: z.string(),
  days: z.array(z.object({ day: z.string(), am: times, pm: times })),
  entries: z.array(z.object({
    id: z.uuid(), userId: z.uuid(), userName: z.string(), windowId: z.uuid(), day: z.string(), shift, status: z.enum(['scheduled', 'on_leave']), substituteFor: z.uuid().nullable(),
    ...attendanceFields,
  })),
});

export const attendanceRecord = z.object({
  scheduleId: z.uuid(), windowId: z.uuid(), day: z.string(), shift, signedInAt: z.string(), lateMinutes: z.number(), signedOutAt: z.string().nullable(), earlyMinutes: z.number().nullable(),
});

export const attendanceResponse = z.object({
  from: z.string(), to: z.string(),
  shifts: z.array(z.object({
    scheduleId: z.uuid(), day: z.string(), shift, windowId: z.uuid(), windowName: bilingual, substituteFor: z.uuid().nullable(), ...attendanceFields,
    state: z.enum(['present', 'late', 'leave', 'absent', 'upcoming']),
  })),
});

export const myDayResponse = z.object({
  userId: z.uuid(), today: z.string(),
  shifts: z.array(z.object({
    scheduleId: z.uuid(), day: z.string(), shift, windowId: z.uuid(), windowName: bilingual, status: z.enum(['scheduled', 'on_leave']), times, ...attendanceFields,
  })),
  colleagues: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

export const leavesResponse = z.object({
  page: z.number(), pageSize: z.number(),
  leaves: z.array(z.object({
    id: z.uuid(), userId: z.uuid(), userName: z.string(), fromDay: z.string(), toDay: z.string(), kind: z.enum(['annual', 'sick', 'personal', 'other']), reason: z.string(),
    substituteId: z.uuid().nullable(), substituteName: z.string().nullable(), status: z.enum(['requested', 'approved', 'rejected', 'cancelled']),
    requestedAt: z.string(), decidedAt: z.string().nullable(), decisionNote: z.string().nullable(),
  })),
});

export const trainingsResponse = z.object({
  page: z.number(), pageSize: z.number(),
  trainings: z.array(z.object({ id: z.uuid(), userId: z.uuid(), userName: z.string(), course: z.string(), hours: z.number(), day: z.string(), result: z.enum(['passed', 'failed', 'attended']) })),
});

const grade = z.enum(['excellent', 'competent', 'basically_competent', 'incompetent']);
export const figures = z.object({
  year: z.number(),
  attendance: z.object({ scheduled: z.number(), attended: z.number(), late: z.number(), early: z.number(), absent: z.number(), leave: z.number() }),
  cases: z.object({ received: z.number(), accepted: z.number(), completed: z.number(), onTime: z.number(), overdue: z.number(), findings: z.number() }),
  training: z.object({ courses: z.number(), hours: z.number() }),
  complaints: z.number(),
  ratings: z.object({ count: z.number(), average: z.number().nullable() }).nullable(),
  score: z.number(), suggested: grade,
});
const written = z.object({
  id: z.uuid(), result: grade, comment: z.string(), status: z.enum(['final', 'reopened']), writtenBy: z.uuid(), writtenAt: z.string(),
  reopenedAt: z.string().nullable(), reopenReason: z.string().nullable(), figures: z.unknown(),
}).nullable();
export const assessmentResponse = z.object({ userId: z.uuid(), userName: z.string(), year: z.number(), figures, written });
export const reopenResponse = z.object({ userId: z.uuid(), userName: z.string(), year: z.number(), written });
