/** Shapes of /api/supervision/*, /api/notifications and /api/hall/*, derived from the generated schema (api/schema.d.ts). */
import type { ParamsOf, ResponseOf } from '../api/client';

type Item<A> = A extends readonly (infer T)[] ? T : never;

export type NotificationList = ResponseOf<'/api/notifications'>;
export type Notification = Item<NotificationList['notifications']>;
export type NoticeList = ResponseOf<'/api/supervision/notices'>;
export type Notice = Item<NoticeList['notices']>;
export type FindingList = ResponseOf<'/api/supervision/findings'>;
export type Finding = Item<FindingList['findings']>;
export type FindingStatus = Finding['status'];
export type LitList = ResponseOf<'/api/supervision/cases'>;
export type LitCase = Item<LitList['cases']>;
export type Board = ResponseOf<'/api/supervision/board'>;
export type AuditStatus = NonNullable<Board['audit']>;

/** The JSON form of the performance answer (the csv and xlsx forms are downloads). */
export type Performance = Extract<ResponseOf<'/api/supervision/performance'>, { rows: unknown }>;
export type PerfBy = Performance['by'];
export type PerfRow = Item<Performance['rows']>;

export type AuditCheckList = ResponseOf<'/api/supervision/audit-checks'>;
export type AuditCheck = Item<NonNullable<AuditCheckList['checks']>>;

export type HallBoard = ResponseOf<'/api/hall/board'>;

export type FindingRule = NonNullable<NonNullable<ParamsOf<'/api/supervision/findings'>['query']>['rule']>;
/** Every rule the findings filter takes, checked against the schema's enum both ways. */
const RULES: Record<FindingRule, true> = {
  repeated_supplement: true, suspension_overrun: true, late_acceptance: true, idle_step: true,
  suspension_without_reason: true, unqualified_decision: true, late_record: true, late_handover: true, fee_not_in_standard: true,
};
export const FINDING_RULE_KEYS = Object.keys(RULES) as FindingRule[];
