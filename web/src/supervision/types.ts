import type { Bilingual } from '../i18n';
import type { Paged } from '../api/types';

/** Shapes of /api/supervision/*, /api/notifications and /api/hall/* (server/src/modules/supervision/supervision.schemas.ts). */
export interface Notification {
  id: number; kind: string; caseId: string | null; toDepartment: boolean; title: Bilingual;
  data: Record<string, unknown>; createdAt: string; readAt: string | null;
}
export interface NotificationList extends Paged { notifications: Notification[]; unread: number }

export interface Notice {
  id: string; departmentId: string; departmentName: string; caseId: string | null; receiptNo: string | null;
  subject: string; body: string; replyDueDate: string; status: 'open' | 'answered'; light: 'green' | 'red';
  issuedAt: string; reply: string | null; repliedAt: string | null; escalatedAt: string | null;
}
export interface NoticeList extends Paged { notices: Notice[] }

export type FindingStatus = 'open' | 'confirmed' | 'dismissed';
export interface Finding {
  id: string; caseId: string; receiptNo: string | null; departmentId: string; departmentName: string;
  rule: string; title: Bilingual; evidence: Record<string, unknown>; status: FindingStatus;
  raisedAt: string; resolvedAt: string | null; resolution: string | null;
}
export interface FindingList extends Paged { findings: Finding[] }

export interface LitCase {
  id: string; receiptNo: string | null; status: string; departmentId: string; departmentName: string;
  light: 'yellow' | 'red'; rule: string | null; dueDate: string | null; since: string | null;
}
export interface LitList extends Paged { cases: LitCase[] }

export interface AuditStatus { checkedAt: string; ok: boolean; events: number; broken: null | { stream: string; seq: number; reason: string } }
export interface Board {
  counts: { open: number; green: number; yellow: number; red: number; suspended: number };
  departments: Array<{ id: string; name: string; open: number; yellow: number; red: number; completed: number; onTimeRate: number | null }>;
  trend: Array<{ date: string; accepted: number; completed: number; overdue: number }>;
  audit: AuditStatus | null;
}

export type PerfBy = 'department' | 'window' | 'staff';
export interface PerfRow {
  key: string; name: string; received: number; accepted: number; refused: number; completed: number; onTime: number; early: number;
  overdue: number; instantShare: number | null; avgWorkdaysUsed: number | null; avgPromisedDays: number | null; compression: number | null;
  supplementRate: number | null; suspensions: number; extensions: number; findings: number; notices: number;
}
export interface Performance { from: string; to: string; by: PerfBy; rows: PerfRow[] }

export interface AuditCheck { id?: string | number; checkedAt: string; ok: boolean; events: number; broken: null | { stream: string; seq: number; reason: string } }
export interface AuditCheckList extends Partial<Paged> { checks?: AuditCheck[] }

export interface HallBoard {
  center: { id: string; name: string };
  today: { accepted: number; completed: number; onTimeRate: number | null };
  recent: Array<{ receiptNo: string | null; itemName: string; applicantName: string; status: 'accepted' | 'completed' | string; caseStatus?: string; at: string }>;
}

export const FINDING_RULE_KEYS = ['repeated_supplement', 'suspension_overrun', 'late_acceptance', 'idle_step', 'suspension_without_reason', 'unqualified_decision', 'late_record'] as const;
