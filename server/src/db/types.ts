import type { ColumnType, Generated } from 'kysely';
import type { DeclaredFact } from '../lib/enterprise-registry.ts';

/**
 * Table types for Kysely; they mirror migrations/ and change only with a new migration.
 * db/types.test.ts holds them to the migrated schema (tables, columns, types, nullability, defaults).
 */
/** A timestamptz column the code always writes (no default: times come from the injected clock). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface RegionsTable {
  code: string;
  name: string;
  name_en: string | null;
  level: 'province' | 'city' | 'county' | 'township' | 'village';
  parent_code: string | null;
}

export interface CentersTable {
  id: Generated<string>;
  region_code: string;
  name: string;
  name_en: string | null;
  address: Generated<string>;
  created_at: Generated<Date>;
  /** Hand-over limits in working days when the item names none (migration 0015). */
  handoff_to_department_days: Generated<number>;
  handoff_to_hall_days: Generated<number>;
  /** A center decides; a village service point (便民服务站) takes applications and hands out results (migration 0041). */
  kind: Generated<'center' | 'service_point'>;
}

export interface DepartmentsTable {
  id: Generated<string>;
  center_id: string;
  name: string;
  name_en: string | null;
  credit_code: string;
  created_at: Generated<Date>;
}

export interface WindowsTable {
  id: Generated<string>;
  center_id: string;
  name: string;
  name_en: string | null;
  kind: 'intake' | 'delivery' | 'department' | 'proxy';
  department_id: string | null;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<string>;
  kind: 'person' | 'enterprise' | 'staff';
  name: string;
  id_number: string | null;
  credit_code: string | null;
  legal_representative: string | null;
  phone: string | null;
  /** 0037: the address the person keeps for pre-filling application forms. */
  address: string | null;
  username: string | null;
  password_hash: string;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  center_id: string | null;
  department_id: string | null;
  window_id: string | null;
  /** 0044: a foreign applicant's identity document instead of a resident ID number (docs/portal.md). */
  foreign_doc_kind: ForeignDocKind | null;
  foreign_doc_number: string | null;
  nationality: string | null;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: Generated<Date>;
}

/** 0036: a user's display preferences (issue 14, the elder-friendly mode). */
export interface UserPreferencesTable {
  user_id: string;
  elder_mode: Generated<boolean>;
  updated_at: Timestamp;
}

export interface SessionsTable {
  token_hash: Buffer;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface FilesTable {
  id: Generated<string>;
  sha256: string;
  name: string;
  mime: string;
  size: number;
  storage_key: string;
  public: Generated<boolean>;
  center_id: string | null;
  uploaded_by: string | null;
  owner_id: Generated<string | null>;
  created_at: Generated<Date>;
}

export interface ItemsTable {
  id: Generated<string>;
  center_id: string;
  department_id: string;
  type: string;
  level: string;
  code_region: string;
  code_main: string;
  code_sub: string;
  basic_code: string;
  implementation_code: string;
  hall_status: Generated<'draft' | 'in_hall' | 'removed'>;
  latest_version: Generated<number>;
  draft_version: number | null;
  name: string;
  name_en: string | null;
  audiences: string[];
  themes: string[];
  life_events: string[];
  processing_mode: string;
  promised_limit_days: number;
  statutory_limit_days: number;
  online: boolean;
  visits: number;
  search_doc: ColumnType<string, never, never>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ItemVersionsTable {
  item_id: string;
  version: number;
  status: 'draft' | 'published';
  content: Json;
  valid_from: ColumnType<string | null, string | null | undefined, string | null>;
  published_at: Date | null;
  published_by: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ItemRequestsTable {
  id: Generated<string>;
  item_id: string;
  center_id: string;
  kind: 'admission' | 'removal';
  reason: string;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  requested_by: string;
  created_at: Timestamp;
  decided_by: string | null;
  decision_reason: string | null;
  decided_at: Date | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  stream: string;
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  data: Json;
  prev_hash: string | null;
  hash: string;
}

type DateCol = ColumnType<string, string, string>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface CasesTable {
  id: Generated<string>;
  receipt_no: string | null;
  query_code: string | null;
  /** 0037: given at submission (cases.repository insertCase), before any receipt number. */
  submission_no: string | null;
  item_id: string | null;
  item_version: number | null;
  center_id: string;
  department_id: string;
  region_code: string;
  applicant_id: string;
  applicant_name: string;
  channel: 'online' | 'counter' | 'forwarded';
  registered_by: string | null;
  idempotency_key: string;
  idempotency_fingerprint: string | null;
  status: 'submitted' | 'supplement_requested' | 'refused' | 'accepted' | 'in_review' | 'forwarded' | 'decided' | 'awaiting_payment' | 'issuing' | 'ready' | 'delivered' | 'withdrawn' | 'terminated';
  processing_mode: string;
  joint: Generated<boolean>;
  form: Json<Record<string, string>>;
  submitted_at: Timestamp;
  received_date: DateCol;
  acceptance_due_date: DateCol;
  accepted_at: Date | null;
  accepted_date: NullableDate;
  deemed_accepted: Generated<boolean>;
  promised_days: number;
  statutory_days: number;
  extension_days: Generated<number>;
  extension_reason: string | null;
  suspended_since: NullableDate;
  suspended_workdays: Generated<number>;
  due_date: NullableDate;
  statutory_due_date: NullableDate;
  warning_date: NullableDate;
  due_provisional: Generated<boolean>;
  supplement_rounds: Generated<number>;
  review_step: Generated<number>;
  decision: 'approved' | 'denied' | 'partial' | null;
  decision_reason: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  delivery_method: 'pickup' | 'post' | 'cabinet' | null;
  tracking_no: string | null;
  closed_at: Date | null;
  close_reason: string | null;
  row_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  // 0004_supervision: the warning light and what it was judged on (modules/supervision).
  light: ColumnType<'green' | 'yellow' | 'red' | null, 'green' | 'yellow' | 'red' | null | undefined, 'green' | 'yellow' | 'red' | null>;
  light_rule: ColumnType<LightRule | null, LightRule | null | undefined, LightRule | null>;
  light_due_date: ColumnType<string | null, string | null | undefined, string | null>;
  light_changed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  light_check_date: ColumnType<string | null, string | null | undefined, string | null>;
  // 0007_joint: joint parents and parts, reported cases, the green channel (modules/joint, modules/cases).
  kind: ColumnType<CaseKind, CaseKind | undefined, CaseKind>;
  parent_id: ColumnType<string | null, string | null | undefined, string | null>;
  matter_id: ColumnType<string | null, string | null | undefined, string | null>;
  matter: ColumnType<unknown, string | null | undefined, string | null>;
  forwarded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  result_returned_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  green: ColumnType<boolean, boolean | undefined, boolean>;
  green_coordinator_id: ColumnType<string | null, string | null | undefined, string | null>;
  green_reason: ColumnType<string | null, string | null | undefined, string | null>;
  // 0009_background_work: the warning sweep's lease, a calendar change's pending recomputation.
  light_claim: ColumnType<string | null, string | null | undefined, string | null>;
  light_claimed_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  clock_recompute: ColumnType<ClockRecomputeMark | null, ClockRecomputeMark | string | null | undefined, ClockRecomputeMark | string | null>;
  // 0054_tongban: 通办, received at one center and collected at another (NULL: the deciding center).
  received_at_center_id: ColumnType<string | null, string | null | undefined, string | null>;
  delivery_center_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Why a case's dates wait to be recomputed (the latest calendar change), and `due_provisional` before the mark. */
export interface ClockRecomputeMark {
  cause: string;
  version: number;
  actorId: string | null;
  at: string;
  provisional: boolean;
}

export type CaseKind = 'single' | 'joint' | 'part' | 'upper';

export interface JointMattersTable {
  id: Generated<string>;
  center_id: string;
  key: string;
  name: string;
  name_en: string | null;
  life_event: string | null;
  lead_department_id: string;
  definition: Json<unknown>;
  status: 'draft' | 'published' | 'withdrawn';
  version: Generated<number>;
  row_version: Generated<number>;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CasePrereviewsTable {
  case_id: string;
  round: number;
  department_id: string;
  items: Json<Array<{ key: string; reason: string }>>;
  note: string;
  by_user: string;
  at: Timestamp;
}

export interface WindowDepartmentsTable {
  window_id: string;
  department_id: string;
}

export type LightRule = 'acceptance' | 'decision' | 'handover' | 'issue';

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string | null;
  department_id: string | null;
  center_id: string;
  kind: string;
  case_id: string | null;
  title: Json<{ zh: string; en: string }>;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  read_at: Date | null;
  read_by: string | null;
}

export interface SupervisionNoticesTable {
  id: Generated<string>;
  center_id: string;
  department_id: string;
  case_id: string | null;
  subject: string;
  body: string;
  reply_due_date: DateCol;
  status: Generated<'open' | 'answered'>;
  light: Generated<'green' | 'red'>;
  issued_by: string;
  issued_at: Timestamp;
  reply: string | null;
  replied_by: string | null;
  replied_at: Date | null;
  escalated_at: Date | null;
}

/** A hand-over of a case between the hall and a department's office (退回部门办理件, migration 0015). */
export interface CaseHandoffsTable {
  case_id: string;
  direction: 'to_department' | 'to_hall';
  started_date: string;
  limit_days: number;
  due_date: string;
  handed_at: Timestamp;
  handed_date: string;
  handed_by: string;
  materials: ColumnType<Array<{ key: string; name: string; files: number }>, string | undefined, string>;
  note: Generated<string>;
}

export interface FindingsTable {
  id: Generated<string>;
  case_id: string;
  center_id: string;
  department_id: string;
  rule: string;
  dedupe_key: string;
  evidence: Json<Record<string, unknown>>;
  status: Generated<'open' | 'confirmed' | 'dismissed'>;
  raised_at: Timestamp;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolution: string | null;
  /** Migration 0012: the staff member whose act broke the rule; null when no one person is. */
  responsible_id: string | null;
}

export interface CaseMaterialsTable { case_id: string; material_key: string; file_id: string; round: number; created_at: Timestamp }
export interface CaseMaterialLicencesTable { case_id: string; material_key: string; licence_type: string; licence_no: string; round: Generated<number>; created_at: Timestamp }
export type MaterialCheckState = 'original' | 'copy' | 'e_licence' | 'missing';
export interface CaseMaterialChecksTable {
  case_id: string; material_key: string; state: MaterialCheckState; licence_type: string | null; licence_no: string | null;
  note: Generated<string>; checked_by: string; checked_at: Timestamp;
}
export interface CaseSupplementsTable { case_id: string; round: number; items: Json<Array<{ key: string; reason: string }>>; note: string; issued_at: Timestamp; issued_by: string | null; answered_at: Date | null }
export interface CaseReviewsTable { case_id: string; step: number; name: string; opinion: string; proposal: 'approve' | 'deny'; by_user: string; at: Timestamp }
export interface CaseSuspensionsTable {
  case_id: string; seq: number; kind: string; reason: string; expected_days: number; started_date: DateCol; ended_date: NullableDate; workdays: number | null; started_by: string | null;
  // 0014: the declared procedure (legal basis, longest working days) and a hearing's notice (date, place).
  legal_basis: string | null; max_workdays: number | null; hearing_date: NullableDate; hearing_place: string | null; started_at: Date | null;
}

/** 0014: a holder's request to cancel (注销) the licence of a decided case, and the chief's answer. */
export interface CancellationRequestsTable {
  id: Generated<string>;
  case_id: string;
  applicant_id: string;
  center_id: string;
  department_id: string;
  status: Generated<'requested' | 'cancelled' | 'refused'>;
  reason: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  row_version: Generated<number>;
}
export interface ReceiptCountersTable { center_id: string; year: number; last: number }

export interface CalendarSchedulesTable {
  year: number;
  notice: string;
  content_sha256: string;
  loaded_at: Timestamp;
  loaded_by: string | null;
}

export interface CalendarDaysTable {
  region: string;
  region_ref: ColumnType<string | null, never, never>;
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
  name_en: string | null;
  schedule_year: number | null;
  created_at: Timestamp;
  created_by: string | null;
}

/** Issue 18 (migration 0057): per kind of configuration, a version its tables' triggers raise on every change. */
export interface ConfigVersionsTable {
  name: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface CalendarVersionsTable {
  region: string;
  region_ref: ColumnType<string | null, never, never>;
  version: number;
  token: string;
  changed_at: Timestamp;
}

export interface AuditCheckpointsTable {
  id: Generated<number>;
  sealed_at: Timestamp;
  upto: Timestamp;
  events: number;
  digest: string;
  prev_hash: string | null;
  hash: string;
  new_streams: number | null;
  total_events: number | null;
  total_streams: number | null;
  key_id: string | null;
  signature: string | null;
}

export interface AuditSigningStartTable {
  last_unsigned_id: number;
}

/** A JSON column with a default: an insert may leave it out. */
type JsonDefault<T = unknown> = ColumnType<T, string | undefined, string>;

/** 0019: the fiscal non-tax accounts a center's fees are collected into. */
export interface FiscalAccountsTable {
  id: Generated<string>; center_id: string; code: string; name: string; bank: string; account_no: string;
  agency_code: Generated<string>; active: Generated<boolean>; created_at: Timestamp;
}

export type PaymentNoticeStatus = 'issued' | 'paid' | 'cancelled' | 'expired' | 'refunded';
/** 0019: a payment notice (电子非税收入一般缴款书); amounts in fen. */
export interface PaymentNoticesTable {
  id: Generated<string>; notice_no: string; case_id: string; center_id: string; department_id: string;
  payer_id: string; payer_name: string; payer_code: string; fiscal_account_id: string; total_fen: number;
  due_date: DateCol; status: Generated<PaymentNoticeStatus>; replaces_id: string | null; issued_by: string | null;
  issued_at: Timestamp; paid_at: Date | null; cancelled_by: string | null; cancelled_at: Date | null; cancel_reason: string | null;
  row_version: Generated<number>;
  /** 0063: the payment whose settling paid the notice (fees' choice); any other payment of it is a duplicate to refund. */
  paid_payment_id: Generated<string | null>;
}
/** 0019: a notice's lines; quantity is numeric (a string from the driver). */
export interface PaymentNoticeLinesTable {
  notice_id: string; line_no: number; fee_code: string; name: string; basis: string;
  quantity: ColumnType<string, string | number | undefined, string | number>; unit: Generated<string>;
  standard_fen: number; reduction_fen: Generated<number>; reduction_basis: string | null; amount_fen: number;
}
/** 0019: a verified payment of a notice, one per channel transaction. */
export interface PaymentsTable {
  id: Generated<string>; notice_id: string; channel: string; channel_txn_id: string; amount_fen: number;
  paid_at: Timestamp; recorded_at: Timestamp; recorded_by: string | null; settled: Generated<boolean>;
  /** 0068: its notice's center, set by a trigger whoever inserts it (the finance list's index). */
  center_id: Generated<string>;
}
/** 0052: the notices with more than one payment, kept by a trigger on payments (the match's duplicate_payment). */
export interface NoticesPaidTwiceTable { notice_id: string }
export type RefundStatus = 'requested' | 'sent' | 'succeeded' | 'failed';
/** 0019: a refund owed on a payment. */
export interface RefundsTable {
  id: Generated<string>; payment_id: string; notice_id: string; case_id: string; amount_fen: number; reason: string;
  status: Generated<RefundStatus>; channel_refund_id: string | null; attempts: Generated<number>; requested_by: string | null;
  requested_at: Timestamp; completed_at: Date | null; failure: string | null; row_version: Generated<number>;
  /** 0062: a whole payment given back, or the part of it the channel took beyond what we recorded (an amount mismatch). */
  kind: Generated<RefundKind>;
  /** 0068: its notice's center, set by a trigger whoever inserts it (the finance list's index). */
  center_id: Generated<string>;
}
export type RefundKind = 'payment' | 'excess';

export type PaymentOrderStatus = 'created' | 'paid' | 'closed';
/** 0024: an order opened at a payment channel to pay a notice online. */
export interface PaymentOrdersTable {
  id: Generated<string>; order_no: string; notice_id: string; channel: string; amount_fen: number; payer_id: string;
  status: Generated<PaymentOrderStatus>; cashier_url: string | null; channel_txn_id: string | null; created_at: Timestamp;
  updated_at: Timestamp; expires_at: Timestamp; query_at: Date | null; query_attempts: Generated<number>; row_version: Generated<number>;
}
export type NotificationVerdict = 'accepted' | 'duplicate' | 'stale' | 'bad_signature' | 'malformed' | 'unknown_order'
  | 'unknown_notice' | 'wrong_amount' | 'not_payable' | 'paid_twice' | 'refused' | 'refund_recorded' | 'unknown_refund'
  /** 0062: the channel closed the order (the payer cancelled at its cashier): our order is closed. */
  | 'order_closed';
/** 0024: every inbound channel notification with its verdict. */
export interface PaymentNotificationsTable {
  id: Generated<string>; channel: string; received_at: Timestamp; kind: 'payment' | 'refund' | 'unknown'; signature_ok: boolean;
  order_no: string | null; notice_no: string | null; channel_txn_id: string | null; amount_fen: number | null;
  verdict: NotificationVerdict; error_code: string | null; payment_id: string | null; body: string;
  /** 0033: the center of the notice it concerns; null when it names nothing of ours. */
  center_id: Generated<string | null>;
}
/** 0024: the refund job's progress on a refund. */
export interface RefundExecutionsTable { refund_id: string; next_attempt_at: Timestamp; last_error: string | null; updated_at: Timestamp }
/** 0024: the simulated bank's ledger. */
export interface SimBankOrdersTable {
  id: Generated<string>; bank_txn_id: string; merchant_order_no: string; amount_fen: number; subject: string; payee: string;
  notify_url: string; return_url: string; status: Generated<'pending' | 'paid' | 'cancelled'>;
  faults: ColumnType<string[], string[] | undefined, string[]>; created_at: Timestamp; paid_at: Date | null;
  /** 0060: the last instant the bank takes money for the order (the merchant's expiresAt); null for older orders. */
  expires_at: Date | null;
}
export interface SimBankRefundsTable {
  id: Generated<string>; refund_no: string; bank_refund_id: string; bank_txn_id: string; amount_fen: number;
  status: 'succeeded' | 'failed'; created_at: Timestamp;
}
export interface SimBankNotificationsTable {
  id: Generated<string>; bank_txn_id: string; notify_url: string; body: string; signature: string; created_at: Timestamp;
  delivered_at: Date | null; attempts: Generated<number>;
}

export type ReconciliationDayStatus = 'open' | 'locked';
/** 0025: a reconciliation day of a center, channel and China date, with its last run's figures. */
export interface ReconciliationDaysTable {
  id: Generated<string>; center_id: string; channel: string; day: DateCol; status: Generated<ReconciliationDayStatus>;
  import_id: string | null; runs: Generated<number>; last_run_at: Date | null;
  statement_lines: Generated<number>; statement_fen: Generated<number>; paid_count: Generated<number>; paid_fen: Generated<number>;
  matched_count: Generated<number>; matched_fen: Generated<number>; open_anomalies: Generated<number>;
  locked_by: string | null; locked_at: Date | null; created_at: Timestamp; row_version: Generated<number>;
}
/** 0025: an imported statement file (the bytes are in `files`). */
export interface StatementImportsTable {
  id: Generated<string>; day_id: string; center_id: string; channel: string; day: DateCol; file_id: string; sha256: string;
  line_count: number; total_fen: number; source: 'upload' | 'fetch'; imported_by: string | null; imported_at: Timestamp;
}
/** 0025: a line of an imported statement. */
export interface StatementLinesTable {
  import_id: string; line_no: number; channel_txn_id: string; notice_no: string; amount_fen: number; paid_at: Timestamp; duplicate_of: number | null;
}
/** 0025: a run's totals per fiscal account and department. */
export interface ReconciliationTotalsTable {
  day_id: string; fiscal_account_id: string; department_id: string; paid_count: number; paid_fen: number; matched_count: number; matched_fen: number;
}
export type AnomalyKind = 'missing_in_statement' | 'missing_payment' | 'amount_mismatch' | 'duplicate_line' | 'duplicate_payment' | 'unknown_code';
export type AnomalyStatus = 'open' | 'resolved' | 'cleared';
export type AnomalyOutcome = 'record_payment' | 'write_off' | 'refer_to_channel' | 'refund';
/** 0025: what a reconciliation run found wrong, and how the finance clerk resolved it. */
export interface ReconciliationAnomaliesTable {
  id: Generated<string>; day_id: string; center_id: string; kind: AnomalyKind; key: string; channel_txn_id: string;
  notice_no: string | null; notice_id: string | null; payment_id: string | null; line_no: number | null;
  expected_fen: number | null; actual_fen: number | null; line_paid_at: Date | null;
  status: Generated<AnomalyStatus>; outcome: AnomalyOutcome | null; reason: string | null; resolved_by: string | null; resolved_at: Date | null;
  found_at: Timestamp; last_seen_run: number; row_version: Generated<number>;
  /** 0062: the refund a `refund` resolution wrote or found on its way. */
  refund_id: string | null;
}

export type HolderCodeType = 'id_number' | 'credit_code' | 'other';
/** 0020: an e-licence type of the library (GB/T 36901-36905). */
export interface LicenceTypesTable {
  id: Generated<string>; code: string; name: string; name_en: string | null; center_id: string; issuing_department_id: string;
  holder_type: HolderCodeType; validity_months: number | null;
  fields: JsonDefault<Array<{ key: string; label: string; labelEn?: string; source?: string }>>;
  template: JsonDefault<Record<string, unknown>>; status: Generated<'active' | 'retired'>;
  created_by: string | null; created_at: Timestamp; row_version: Generated<number>;
}
export interface ItemLicenceTypesTable { item_id: string; licence_type_id: string }
export type ElicenceStatus = 'valid' | 'suspended' | 'revoked' | 'expired' | 'cancelled';
/** 0020: an e-licence. */
export interface ElicencesTable {
  id: Generated<string>; identifier: string; licence_no: string; type_id: string; holder_id: string | null; holder_name: string;
  holder_code_type: HolderCodeType; holder_code: string; issuer_department_id: string; region_code: string; case_id: string | null;
  issue_date: DateCol; valid_from: DateCol; valid_to: NullableDate; status: Generated<ElicenceStatus>;
  status_changed_at: Date | null; status_reason: string | null; data: JsonDefault<Record<string, unknown>>;
  version: Generated<number>; file_id: string | null; signature_id: string | null; created_at: Timestamp; row_version: Generated<number>;
  /** 0026: when the holder was told the licence expires soon. */
  expiry_notified_at: Date | null;
}
/** 0020: every event of a licence (issued, changed, renewed, status changes), numbered per licence. */
export interface ElicenceVersionsTable {
  licence_id: string; seq: number; version: number;
  event: 'issued' | 'changed' | 'renewed' | 'suspended' | 'reinstated' | 'revoked' | 'expired' | 'cancelled';
  data: Json<Record<string, unknown>>; status: string; valid_to: NullableDate; file_id: string | null; signature_id: string | null;
  case_id: string | null; reason: string | null; by_user: string | null; at: Timestamp;
}
/** 0020: a use of a licence in place of a material, with the holder's consent. */
export interface ElicenceUsesTable {
  id: Generated<string>; licence_id: string; case_id: string; material_key: string; used_by: string; purpose: string;
  consented_at: Timestamp; used_at: Timestamp;
}
/** 0020: a time-limited share link (only the token's hash is kept). */
export interface ElicenceSharesTable {
  id: Generated<string>; licence_id: string; token_hash: string; created_by: string; created_at: Timestamp; expires_at: Timestamp;
  revoked_at: Date | null; views: Generated<number>;
}
/** 0027: staff reads of a licence through a case that names it, one row per licence, case, reader and China day. */
export interface ElicenceReadsTable {
  licence_id: string; case_id: string; read_by: string; day: DateCol; first_at: Timestamp; last_at: Timestamp; reads: Generated<number>;
}

/** E-seals (migration 0021): one per department, its key versions, the four-eyes requests, signed documents. */
export interface SealsTable {
  id: Generated<string>;
  department_id: string;
  center_id: string;
  code: string;
  name: string;
  holder_name: string;
  holder_credit_code: string;
  valid_from: string;
  valid_to: string;
  current_version: number;
  created_at: Timestamp;
}

export interface SealKeysTable {
  seal_id: string;
  version: number;
  public_key: string;
  private_key_enc: string;
  active_from: Timestamp;
  retired_at: Date | null;
}

export interface SealRequestsTable {
  id: Generated<string>;
  center_id: string;
  department_id: string;
  kind: 'create' | 'rotate';
  name: string | null;
  valid_from: string | null;
  valid_to: string | null;
  reason: string;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  requested_by: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

export interface SignedDocumentsTable {
  id: Generated<string>;
  verification_id: string;
  seal_id: string;
  key_version: number;
  department_id: string;
  kind: string;
  ref: string;
  digest: string;
  signed_data: string;
  signature: string;
  signed_at: Timestamp;
  file_key: string | null;
  size: number | null;
}

// ---------------------------------------------------------------- 0038: public resource trading (docs/trading.md)
export type TradingProjectKind = 'construction' | 'procurement' | 'land' | 'state_property';
export type TenderStatus = 'draft' | 'published' | 'clarification' | 'bidding' | 'opening' | 'evaluation'
  | 'candidates_published' | 'awarded' | 'contract' | 'complete' | 'cancelled' | 'unsuccessful';
/** One evaluation criterion of a tender; the weights of a tender sum to 100. */
export interface TenderCriterion { key: string; name: { zh: string; en: string }; weight: number }
/** A ranked candidate (中标候选人) from the evaluation. */
export interface TenderCandidate { rank: number; name: string; orgCode: string; score: number; priceFen?: number | null }
/** 条例 第五十五条: why a candidate ranked above the winner was not awarded. */
export type PassOverReason = 'declined' | 'force_majeure' | 'no_performance_bond' | 'violation';
export interface TenderPassedOver { rank: number; name: string; orgCode: string; reason: PassOverReason }
export interface TenderAward { name: string; orgCode: string; priceFen: number | null; rank?: number; passedOver?: TenderPassedOver[] }
export interface TenderContract {
  title: string; priceFen: number | null; signedOn: string;
  /** Signed after the 30 days from the award notice (招标投标法 第四十六条): the reason given for the delay. */
  lateReason?: string;
}
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
export interface TradingProjectsTable {
  id: Generated<string>; center_id: string; kind: TradingProjectKind; code: string; name: string;
  buyer_name: string; buyer_org_code: string; agent_name: string | null; agent_org_code: string | null;
  department_id: string; region_code: string; created_by: string | null; created_at: Timestamp;
  /** 0075: state funds hold the controlling or leading share (条例 第五十五条). */
  state_funded: Generated<boolean>;
}
export interface TradingLotsTable {
  id: Generated<string>; project_id: string; lot_no: number; name: string; budget_fen: number | null; created_at: Timestamp;
}
export interface TendersTable {
  id: Generated<string>; project_id: string; lot_id: string | null; center_id: string; status: TenderStatus;
  title: string; description: Generated<string>;
  public_key: string | null; key_threshold: number | null; key_shares: number | null;
  published_at: Date | null; clarification_until: Date | null; bidding_until: Date | null; bid_deadline: Date | null;
  opening_at: Date | null; opened_at: Date | null; candidates_published_at: Date | null; candidates_until: Date | null;
  awarded_at: Date | null; contract_at: Date | null; completed_at: Date | null;
  closed_reason: string | null; closed_document_id: string | null;
  criteria: ColumnType<TenderCriterion[], string | undefined, string>;
  committee_size: number | null; sector: string | null; budget_fen: number | null;
  candidates: NullableJson<TenderCandidate[]>; award: NullableJson<TenderAward>; contract: NullableJson<TenderContract>;
  version: Generated<number>; created_by: string | null; created_at: Timestamp; updated_at: Timestamp;
}
export interface TenderRevisionsTable {
  id: Generated<string>; tender_id: string; version: number; action: string; from_status: string | null; to_status: string;
  reason: string | null; changes: ColumnType<Record<string, { from: unknown; to: unknown }>, string | undefined, string>;
  snapshot: Json<Record<string, unknown>>; actor_id: string | null; at: Timestamp;
}
export interface TenderDocumentsTable {
  id: Generated<string>; tender_id: string; version: number; title: string; file_id: string; sha256: string;
  created_by: string | null; created_at: Timestamp;
}
export interface TenderDocumentDownloadsTable {
  id: Generated<string>; tender_id: string; document_id: string; user_id: string; at: Timestamp;
}
export interface TenderReconfirmationsTable {
  tender_id: string; user_id: string; version: number; required_at: Timestamp; confirmed_at: Date | null;
}
export interface TradingAwardRequirementsTable { item_id: string; project_code_field: string; created_at: Timestamp }
export type TenderDisputeKind = 'question' | 'objection' | 'complaint';
export interface TenderDisputesTable {
  id: Generated<string>; tender_id: string; kind: TenderDisputeKind; user_id: string; body: string;
  submitted_at: Timestamp; answer_due: Timestamp; answer: string | null; answered_by: string | null; answered_at: Date | null;
  /** 0046: the lifecycle (trading-disputes/dispute.transitions.ts), what is questioned, the question a complaint follows, the scope. */
  status: Generated<TenderDisputeStatus>; subject: Generated<TenderDisputeSubject>; parent_id: string | null;
  center_id: string | null; department_id: string | null; suspend_tender: Generated<boolean>;
}
export type TenderDisputeStatus = 'open' | 'answered' | 'upheld' | 'rejected';
/** 0049: a suspension of a tender ordered by an upheld complaint (trading/suspension.ts); open while resumed_at is null. */
export interface TenderSuspensionsTable {
  id: Generated<string>; tender_id: string; complaint_id: string; reason: string; suspended_at: Timestamp; suspended_by: string | null;
  resumed_at: Date | null; resumed_by: string | null; resume_reason: string | null;
}
export type TenderDisputeSubject = 'documents' | 'procedure' | 'candidates' | 'result';

/** 0043: a relying party of the single sign-on (docs/sso.md), registered by its center's manager. */
export interface OidcClientsTable {
  id: Generated<string>;
  client_id: string;
  center_id: string;
  name: string;
  secret_hash: string | null;
  redirect_uris: string[];
  scopes: string[];
  created_by: string;
  created_at: Timestamp;
  revoked_at: Date | null;
  revoked_by: string | null;
  /** 0048: OpenID Connect Back-Channel Logout 1.0 (docs/sso.md). */
  backchannel_logout_uri: string | null;
}

/** 0050: each attempt of the job that POSTs a back-channel logout token to a relying party (docs/sso.md). */
export interface OidcBackchannelAttemptsTable {
  id: Generated<number>;
  client_id: string;
  sid: string;
  attempt: number;
  outcome: 'delivered' | 'failed' | 'skipped';
  error: string | null;
  at: Timestamp;
}

/** 0043: oidc-provider's stored artefacts (sessions, interactions, grants, codes, tokens). */
export interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: Json<Record<string, unknown>>;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

/** 0043: the provider's signing keys (private JWK encrypted, docs/sso.md "Keys"). */
export interface OidcSigningKeysTable {
  kid: string;
  alg: string;
  private_jwk: string;
  public_jwk: Json<Record<string, unknown>>;
  created_at: Timestamp;
  retired_at: Date | null;
}

// Sealed bids (0039, docs/trading.md "Sealed bids").
export interface BidOfficialKeysTable { user_id: string; public_key: string; registered_at: Timestamp }
export interface TenderBidKeysTable {
  tender_id: string; key_id: string; key_check: string; threshold: number; shares: number; created_by: string | null; created_at: Timestamp;
}
export interface TenderKeySharesTable {
  tender_id: string; user_id: string; share_no: number; public_key: string; encrypted_share: Buffer; share_check: string;
  submitted_share: Buffer | null; submitted_at: Date | null;
}
export type BidStatus = 'submitted' | 'withdrawn' | 'opened' | 'failed';
export type BidWithdrawnReason = 'bidder' | 'replaced' | 'opening_failure';
export interface BidsTable {
  id: Generated<string>; tender_id: string; bidder_id: string; status: BidStatus; file_key: string; sm3: string; size: number;
  submitted_at: Timestamp; receipt_id: string; withdrawn_at: Date | null; withdrawn_reason: BidWithdrawnReason | null; replaced_by: string | null;
  failure_cause: string | null; failure_fault: 'bidder' | 'platform' | null; opened_at: Date | null; price_fen: number | null;
  opened_file_key: string | null; opened_file_name: string | null; opened_file_sm3: string | null; opened_file_size: number | null;
}
export interface BidOpeningsTable {
  tender_id: string; started_at: Timestamp; opened_at: Date | null; opened_by: string | null;
  bids_opened: number | null; bids_failed: number | null; bids_withdrawn: number | null;
}

export interface DB {
  audit_checkpoints: AuditCheckpointsTable;
  audit_signing_start: AuditSigningStartTable;
  cases: CasesTable;
  hall_settings: HallSettingsTable; hall_hours: HallHoursTable; hall_zones: HallZonesTable; hall_zone_windows: HallZoneWindowsTable;
  hall_window_status: HallWindowStatusTable; hall_priority_rules: HallPriorityRulesTable; hall_kiosks: HallKiosksTable;
  hall_ticket_counters: HallTicketCountersTable; hall_slot_counts: HallSlotCountsTable; hall_day_counts: HallDayCountsTable;
  hall_appointments: HallAppointmentsTable; hall_tickets: HallTicketsTable; hall_ticket_cases: HallTicketCasesTable;
  staff_assignments: StaffAssignmentsTable; staff_leaves: StaffLeavesTable; staff_schedules: StaffSchedulesTable;
  staff_attendance: StaffAttendanceTable; staff_trainings: StaffTrainingsTable; staff_assessments: StaffAssessmentsTable;
  joint_matters: JointMattersTable;
  case_prereviews: CasePrereviewsTable;
  window_departments: WindowDepartmentsTable;
  case_materials: CaseMaterialsTable;
  case_material_licences: CaseMaterialLicencesTable;
  case_material_checks: CaseMaterialChecksTable;
  case_supplements: CaseSupplementsTable;
  case_reviews: CaseReviewsTable;
  case_suspensions: CaseSuspensionsTable;
  cancellation_requests: CancellationRequestsTable;
  receipt_counters: ReceiptCountersTable;
  regions: RegionsTable;
  centers: CentersTable;
  departments: DepartmentsTable;
  windows: WindowsTable;
  users: UsersTable;
  user_preferences: UserPreferencesTable;
  oidc_clients: OidcClientsTable; oidc_payloads: OidcPayloadsTable; oidc_signing_keys: OidcSigningKeysTable;
  oidc_backchannel_attempts: OidcBackchannelAttemptsTable;
  sessions: SessionsTable;
  files: FilesTable;
  items: ItemsTable;
  item_versions: ItemVersionsTable;
  item_requests: ItemRequestsTable;
  seals: SealsTable;
  seal_keys: SealKeysTable;
  seal_requests: SealRequestsTable;
  signed_documents: SignedDocumentsTable;
  bid_official_keys: BidOfficialKeysTable; tender_bid_keys: TenderBidKeysTable; tender_key_shares: TenderKeySharesTable;
  bids: BidsTable; bid_openings: BidOpeningsTable;
  audit_events: AuditEventsTable;
  calendar_schedules: CalendarSchedulesTable;
  calendar_days: CalendarDaysTable;
  calendar_versions: CalendarVersionsTable;
  config_versions: ConfigVersionsTable;
  notifications: NotificationsTable;
  supervision_notices: SupervisionNoticesTable;
  findings: FindingsTable;
  case_handoffs: CaseHandoffsTable;
  perf_daily: PerfDailyTable;
  perf_dept_daily: PerfDeptDailyTable;
  audit_checks: AuditChecksTable;
  login_clients: LoginClientsTable;
  progress_attempts: ProgressAttemptsTable;
  fiscal_accounts: FiscalAccountsTable;
  payment_notices: PaymentNoticesTable;
  notices_paid_twice: NoticesPaidTwiceTable;
  payment_notice_lines: PaymentNoticeLinesTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  payment_orders: PaymentOrdersTable;
  payment_notifications: PaymentNotificationsTable;
  refund_executions: RefundExecutionsTable;
  sim_bank_orders: SimBankOrdersTable;
  sim_bank_refunds: SimBankRefundsTable;
  sim_bank_notifications: SimBankNotificationsTable;
  reconciliation_days: ReconciliationDaysTable;
  statement_imports: StatementImportsTable;
  statement_lines: StatementLinesTable;
  reconciliation_totals: ReconciliationTotalsTable;
  reconciliation_anomalies: ReconciliationAnomaliesTable;
  licence_types: LicenceTypesTable;
  item_licence_types: ItemLicenceTypesTable;
  elicences: ElicencesTable;
  elicence_versions: ElicenceVersionsTable;
  elicence_uses: ElicenceUsesTable;
  elicence_shares: ElicenceSharesTable;
  elicence_reads: ElicenceReadsTable;
  elicence_issuances: ElicenceIssuancesTable;
  elicence_applications: ElicenceApplicationsTable;
  case_delivery_choices: CaseDeliveryChoicesTable;
  case_deliveries: CaseDeliveriesTable;
  applicant_messages: ApplicantMessagesTable;
  message_preferences: MessagePreferencesTable;
  outbound_messages: OutboundMessagesTable;
  sim_sms_messages: SimSmsMessagesTable;
  sim_sms_faults: SimSmsFaultsTable;
  rating_dimensions: RatingDimensionsTable; rating_settings: RatingSettingsTable; rating_invitations: RatingInvitationsTable;
  ratings: RatingsTable; rectification_tasks: RectificationTasksTable;
  workorder_categories: WorkorderCategoriesTable; workorder_limits: WorkorderLimitsTable; workorder_limit_defaults: WorkorderLimitDefaultsTable; work_orders: WorkOrdersTable;
  workorder_events: WorkorderEventsTable; knowledge_articles: KnowledgeArticlesTable;
  application_drafts: ApplicationDraftsTable;
  trading_projects: TradingProjectsTable; trading_lots: TradingLotsTable; tenders: TendersTable; tender_revisions: TenderRevisionsTable;
  tender_documents: TenderDocumentsTable; tender_document_downloads: TenderDocumentDownloadsTable;
  tender_reconfirmations: TenderReconfirmationsTable; trading_award_requirements: TradingAwardRequirementsTable; tender_disputes: TenderDisputesTable;
  tender_suspensions: TenderSuspensionsTable;
  user_bookmarks: UserBookmarksTable;
  // 0042 (issue 17): open interfaces.
  api_clients: ApiClientsTable; api_keys: ApiKeysTable; api_key_windows: ApiKeyWindowsTable;
  event_subscriptions: EventSubscriptionsTable; event_deliveries: EventDeliveriesTable;
  disclosure_publications: DisclosurePublicationsTable; disclosure_requests: DisclosureRequestsTable;
  disclosure_request_events: DisclosureRequestEventsTable;
  // 0040 (docs/experts.md)
  experts: ExpertsTable; expert_declarations: ExpertDeclarationsTable; expert_penalties: ExpertPenaltiesTable;
  committee_rules: CommitteeRulesTable; expert_draws: ExpertDrawsTable; expert_draw_exclusions: ExpertDrawExclusionsTable;
  expert_draw_members: ExpertDrawMembersTable; evaluation_scores: EvaluationScoresTable; evaluation_submissions: EvaluationSubmissionsTable;
  evaluation_returns: EvaluationReturnsTable;
  evaluation_rejections: EvaluationRejectionsTable;
  evaluation_reports: EvaluationReportsTable;
  bidder_declarations: BidderDeclarationsTable;
  tender_registry_records: TenderRegistryRecordsTable;
}

/** 0037: a saved application (暂存), one per person and item or joint matter. */
export interface ApplicationDraftsTable {
  id: Generated<string>; user_id: string; target_kind: 'item' | 'matter'; target_id: string;
  data: Json; row_version: Generated<number>; created_at: Timestamp; updated_at: Timestamp;
}

/** 0037: the items a person starred (收藏). */
export interface UserBookmarksTable { user_id: string; item_id: string; created_at: Timestamp }

/** 0029: one message to one applicant in the portal's message centre (站内信); `dedupe_key` names the event it reports. */
export interface ApplicantMessagesTable {
  id: Generated<number>; user_id: string; center_id: string | null; case_id: string | null; kind: string;
  title: Json<{ zh: string; en: string }>; body: Json<{ zh: string; en: string }>; link: string | null;
  dedupe_key: string; created_at: Timestamp; read_at: Date | null;
}

/** 0030 (modules/messages): whether a kind (or a group of kinds, `case`) of message also goes by SMS. */
export interface MessagePreferencesTable { user_id: string; kind: string; sms: boolean; updated_at: Timestamp }
/** 0030: one outbound copy (SMS …) of one message, sent exactly once by a job. */
export interface OutboundMessagesTable {
  id: Generated<number>; message_id: number | null; channel: string; recipient: string; text: string;
  status: Generated<'pending' | 'sent' | 'failed'>; attempts: Generated<number>; provider_id: string | null; last_error: string | null;
  created_at: Timestamp; sent_at: Date | null;
  /** 0047: an SMS to a phone without an account (no message_id): the event's key, unique. */
  dedupe_key: string | null;
}
/** 0030: the simulated SMS gateway's record of what it sent, and the faults it plays per phone number. */
export interface SimSmsMessagesTable { id: Generated<number>; provider_id: string; client_ref: string; phone: string; text: string; received_at: Timestamp }
export interface SimSmsFaultsTable { phone: string; fault: 'timeout' | 'lost_answer' | 'fail'; remaining: number | null }

/** 0026: a case's licence to issue (Art. 44 due date), claimed by the issuance job with SKIP LOCKED. */
export interface ElicenceIssuancesTable {
  case_id: string; type_id: string; department_id: string; decided_date: DateCol; due_date: DateCol;
  status: Generated<'pending' | 'issued'>; attempts: Generated<number>; next_attempt_at: Timestamp; last_error: string | null;
  licence_id: string | null; created_at: Timestamp; issued_at: Date | null;
}
export type LicenceApplicationKind = 'change' | 'renewal' | 'cancellation';
export type LicenceApplicationStatus = 'requested' | 'granted' | 'refused';
/** 0026: a holder's application on a licence (change, renewal, cancellation), decided by the issuing department's chief. */
export interface ElicenceApplicationsTable {
  id: Generated<string>; licence_id: string; kind: LicenceApplicationKind; applicant_id: string; department_id: string;
  status: Generated<LicenceApplicationStatus>; reason: string; changes: JsonDefault<Record<string, string>>;
  decided_by: string | null; decided_at: Date | null; decision_reason: string | null; created_at: Timestamp; row_version: Generated<number>;
}

/** Sign-in failures per account and client address (migration 0017). */
export interface LoginClientsTable {
  user_id: string;
  client: string;
  failures: Generated<number>;
  locked_until: Date | null;
  last_failure_at: Date | null;
  last_success_at: Date | null;
}

/** Wrong query codes per receipt number on the public progress page (migration 0017). */
export interface ProgressAttemptsTable {
  receipt_no: string;
  failures: Generated<number>;
  locked_until: Date | null;
  last_failure_at: Date;
}

export interface PerfDailyTable {
  center_id: string; department_id: string; window_id: string; staff_id: string; day: string; slot: number;
  received: number; accepted: number; refused: number; completed: number; on_time: number; early: number; overdue: number; instant: number;
  workdays_used: number; promised_days: number; statutory_days: number; supplemented: number; supplement_notices: number;
  suspensions: number; extensions: number; findings: number; notices: number;
}

export type PerfDeptDailyTable = Omit<PerfDailyTable, 'window_id' | 'staff_id'>;

export interface AuditChecksTable {
  id: Generated<number>; checked_at: Timestamp; ok: boolean; events: number; streams: number;
  broken: Json<{ stream: string; seq: number; reason: string } | null> | null; duration_ms: number;
}

// ---------------------------------------------------------------- 0028: the hall (docs/hall.md)
export interface HallSettingsTable {
  center_id: string; booking_min_days: Generated<number>; booking_max_days: Generated<number>;
  noshow_limit: Generated<number>; noshow_window_days: Generated<number>; noshow_restrict_days: Generated<number>;
  elderly_age: Generated<number>; checkin_early_minutes: Generated<number>; updated_at: Timestamp;
  /** Migration 0035: the waiting display's light thresholds and the reminders' lead time. */
  light_green_minutes: Generated<number>; light_amber_minutes: Generated<number>; reminder_hours_ahead: Generated<number>;
  presence_key: Generated<Buffer>;
}
/** weekday 1 = Monday … 7 = Sunday; times are 'HH:MM:SS'. */
export interface HallHoursTable { center_id: string; weekday: number; opens: string; closes: string; extended_until: string | null }
export type HallBusiness = 'enterprise' | 'construction' | 'investment' | 'social' | 'livelihood' | 'general';
export interface HallZonesTable {
  id: Generated<string>; center_id: string; prefix: string; business: HallBusiness; name: string; name_en: string;
  active: Generated<boolean>; slot_minutes: Generated<number>; slot_capacity: Generated<number>; day_capacity: Generated<number>;
  service_seconds: Generated<number>; updated_at: Timestamp;
}
export interface HallZoneWindowsTable { zone_id: string; window_id: string }
export interface HallWindowStatusTable { window_id: string; center_id: string; open: boolean; clerk_id: string | null; changed_at: Timestamp }
export type HallPriorityReason = 'appointment' | 'elderly' | 'disabled' | 'green_channel';
export interface HallPriorityRulesTable { center_id: string; reason: HallPriorityReason; weight: number }
export interface HallKiosksTable { id: Generated<string>; center_id: string; name: string; token_hash: Buffer; active: Generated<boolean>; created_at: Timestamp }
export interface HallTicketCountersTable { zone_id: string; day: string; last: number }
export interface HallSlotCountsTable { zone_id: string; day: string; slot_start: string; capacity: number; booked: Generated<number> }
export interface HallDayCountsTable { zone_id: string; day: string; capacity: number; booked: Generated<number> }
export type HallAppointmentStatus = 'booked' | 'checked_in' | 'cancelled' | 'no_show';
export interface HallAppointmentsTable {
  id: Generated<string>; center_id: string; zone_id: string; person_id: string; day: string; slot_start: string; slot_end: string;
  status: HallAppointmentStatus; green_channel: Generated<boolean>; created_at: Timestamp; updated_at: Timestamp;
  /** Migration 0035: the reminder's time; the reason and the staff member when staff cancelled. */
  reminded_at: Generated<Date | null>; cancel_reason: Generated<string | null>; cancelled_by: Generated<string | null>;
}
export type HallTicketStatus = 'waiting' | 'called' | 'done' | 'no_show' | 'cancelled';
export interface HallTicketsTable {
  id: Generated<string>; center_id: string; zone_id: string; day: string; seq: number; number: string;
  /** 0064: the zone that issued the ticket (and drew its number); `zone_id` follows transfers. */
  issued_zone_id: string;
  source: 'kiosk' | 'kiosk_id' | 'appointment' | 'clerk' | 'phone'; person_id: string | null; id_number: string | null; appointment_id: string | null;
  priority: Generated<number>; priority_reasons: ColumnType<string[], string[] | undefined, string[]>; priority_from: Date | null; base_priority: Generated<number>;
  status: HallTicketStatus; queued_at: Timestamp; queue_pos: Generated<number>; target_window_id: string | null; window_id: string | null; clerk_id: string | null;
  issued_at: Timestamp; first_called_at: Date | null; called_at: Date | null; call_count: Generated<number>; skip_count: Generated<number>;
  finished_at: Date | null;
  /** 0073: SHA-256 of the slip's rating token (NULL for tickets issued before); never read back into a view. */
  rating_token_hash: Generated<Buffer | null>;
}
/** Migration 0061: every case registered at the counter from a ticket (a visit may register several; a case has one ticket). */
export interface HallTicketCasesTable { ticket_id: string; case_id: string; linked_at: Timestamp; linked_by: string | null }

/** Migration 0022 (modules/delivery): how the applicant wants the result, and each handing-over of it. */
export type DeliveryMethod = 'pickup' | 'post' | 'cabinet';
export type CarrierStatus = 'dispatched' | 'collected' | 'in_transit' | 'signed' | 'returned';
export interface CarrierEvent { status: CarrierStatus; at: string; note?: string }
export interface CaseDeliveryChoicesTable {
  case_id: string; method: DeliveryMethod;
  recipient_name: string | null; recipient_phone: string | null; region_code: string | null; address: string | null;
  chosen_by: string | null; chosen_at: Timestamp;
}
export interface CaseDeliveriesTable {
  id: Generated<string>; case_id: string; center_id: string; method: DeliveryMethod; status: 'out' | 'delivered' | 'returned';
  verified_by: 'query_code' | 'identity' | null; collector: 'holder' | 'proxy' | null;
  proxy_name: string | null; proxy_id_number: string | null; authorisation_file_id: string | null;
  carrier: string | null; tracking_no: string | null;
  recipient_name: string | null; recipient_phone: string | null; region_code: string | null; address: string | null;
  carrier_status: CarrierStatus | null; carrier_events: ColumnType<CarrierEvent[], string | undefined, string>;
  signed_date: NullableDate; next_poll_at: Date | null; poll_claimed_until: Date | null;
  cabinet_id: string | null; locker_no: string | null; code_hash: string | null; pickup_code: string | null;
  wrong_tries: Generated<number>; locked_at: Date | null; hold_until_date: NullableDate; returned_reason: string | null;
  created_by: string | null; created_at: Timestamp; ended_at: Date | null;
}

/** 0031 (modules/ratings): 好差评 — ratings per case and stage or per hall visit, and the rectification of bad reviews. */
export type RatingStage = 'acceptance' | 'completion' | 'visit';
export type RatingChannel = 'portal' | 'kiosk' | 'pad' | 'message_link' | 'slip';
export type RectificationStatus = 'open' | 'called_back' | 'verified' | 'rectified' | 'rated_by_person' | 'closed' | 'appealed' | 'appeal_upheld' | 'appeal_rejected';
export interface RatingDimensionsTable { key: string; name: string; name_en: string; sort: number; active: Generated<boolean> }
export interface RatingSettingsTable { center_id: string; rectify_workdays: number; updated_by: string | null; updated_at: Timestamp }
export interface RatingInvitationsTable {
  case_id: string; stage: 'acceptance' | 'completion'; user_id: string; center_id: string; department_id: string | null;
  staff_id: string | null; window_id: string | null; invited_at: Timestamp;
}
export interface RatingsTable {
  id: Generated<string>; case_id: string | null; ticket_id: string | null; stage: RatingStage; level: number;
  dimensions: JsonDefault<Record<string, number>>; comment: string | null; channel: RatingChannel; real_name: boolean;
  rater_id: string | null; staff_id: string | null; window_id: string | null; department_id: string | null; center_id: string;
  created_at: Timestamp; voided_at: Date | null;
}
export interface RectificationTasksTable {
  id: Generated<string>; rating_id: string; center_id: string; department_id: string | null; status: RectificationStatus;
  real_name: boolean; due_date: DateCol; due_provisional: Generated<boolean>;
  callback_note: string | null; called_back_at: Date | null; called_back_by: string | null;
  verification_note: string | null; verified_at: Date | null; verified_by: string | null;
  rectification_note: string | null; rectified_at: Date | null; rectified_date: NullableDate; rectified_by: string | null;
  person_level: number | null; person_comment: string | null; person_rated_at: Date | null;
  appeal_reason: string | null; appealed_at: Date | null; appealed_by: string | null;
  appeal_decision_note: string | null; appeal_decided_at: Date | null; appeal_decided_by: string | null;
  closed_at: Date | null; created_at: Timestamp; updated_at: Timestamp;
  /** 0047: the escalation of an overdue task (0–3) and the China date after which it goes one level up. */
  escalation_level: Generated<number>; escalate_after: NullableDate;
}

// ---- 0032: the 12345 hotline's work orders (docs/hotline.md)
export type WorkOrderSource = 'hotline' | 'web' | 'hall';
export type WorkOrderKind = 'consultation' | 'request' | 'complaint' | 'suggestion' | 'praise';
export type WorkOrderUrgency = 'normal' | 'urgent';
export type WorkOrderStatus = 'accepted' | 'dispatched' | 'returned' | 'handling' | 'replied' | 'closed' | 'evaluated' | 'merged';
export type WorkOrderSatisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied';
export interface WorkorderCategoriesTable {
  /** 0051: each center's own tree (code unique per center). */
  id: Generated<string>; center_id: string; parent_id: string | null; code: string; name: string; name_en: string; sort: Generated<number>;
  /** 0047: retired categories cannot be chosen for new orders. */
  retired_at: Date | null;
}
/** 0051: a center's own limits; a kind and urgency it has no row for uses workorder_limit_defaults. */
export interface WorkorderLimitsTable { center_id: string; kind: WorkOrderKind; urgency: WorkOrderUrgency; workdays: number }
export interface WorkorderLimitDefaultsTable { kind: WorkOrderKind; urgency: WorkOrderUrgency; workdays: number }
export interface WorkOrdersTable {
  id: Generated<string>; order_no: string; center_id: string; source: WorkOrderSource; kind: WorkOrderKind; urgency: WorkOrderUrgency;
  category_id: string | null; caller_name: string; caller_phone: string; caller_user_id: string | null;
  place: string; topic: string; content: string; department_id: string | null; against_staff_id: string | null;
  status: WorkOrderStatus; due_date: NullableDate; due_provisional: Generated<boolean>; merged_into: string | null;
  escalation_level: Generated<number>; escalate_after: NullableDate; reply: string | null; replied_at: Date | null;
  article_id: string | null; return_reason: string | null; satisfaction: WorkOrderSatisfaction | null;
  published_at: Date | null; published_fix: string | null; created_by: string | null;
  created_at: Timestamp; updated_at: Timestamp; row_version: Generated<number>;
  /** 0067: a portal appeal's idempotency key (UNIQUE with the caller) and the fingerprint of its body. */
  idempotency_key: string | null; idempotency_fingerprint: string | null;
  /** 0071: a caller of this round (the order's own or one merged into it) evaluated it dissatisfied: a candidate for 重办. */
  round_dissatisfied: Generated<boolean>;
}
export interface WorkorderEventsTable {
  id: Generated<number>; order_id: string; action: string; from_status: string | null; to_status: string | null;
  actor_id: string | null; data: ColumnType<Record<string, unknown>, string | undefined, string>; at: Timestamp;
}
export interface KnowledgeArticlesTable {
  id: Generated<string>; center_id: string; category_id: string | null; question: string; answer: string;
  source_order_id: string | null; used_count: Generated<number>; created_by: string | null; created_at: Timestamp;
}

// ---------------------------------------------------------------- 0034: windows and staff (docs/hall-staff.md)
export type StaffAssignmentStatus = 'pending' | 'active' | 'rejected' | 'ended';
export type StaffSide = 'center' | 'department';
export interface StaffAssignmentsTable {
  id: Generated<string>; center_id: string; user_id: string; window_id: string; department_id: string;
  from_day: string; to_day: string | null; status: StaffAssignmentStatus; proposed_side: StaffSide; proposed_by: string;
  center_approved_by: string | null; center_approved_at: Date | null; department_approved_by: string | null; department_approved_at: Date | null;
  note: string | null; created_at: Timestamp; updated_at: Timestamp;
}
export type StaffLeaveStatus = 'requested' | 'approved' | 'rejected' | 'cancelled';
export type StaffLeaveKind = 'annual' | 'sick' | 'personal' | 'other';
export interface StaffLeavesTable {
  id: Generated<string>; center_id: string; user_id: string; department_id: string | null; from_day: string; to_day: string;
  kind: StaffLeaveKind; reason: string; substitute_id: string | null; status: StaffLeaveStatus; requested_at: Timestamp;
  decided_by: string | null; decided_at: Date | null; decision_note: string | null;
}
export type StaffShift = 'am' | 'pm';
export interface StaffSchedulesTable {
  id: Generated<string>; center_id: string; user_id: string; window_id: string; day: string; shift: StaffShift;
  status: Generated<'scheduled' | 'on_leave'>; leave_id: string | null; substitute_for: string | null; created_by: string | null; created_at: Timestamp;
}
export interface StaffAttendanceTable {
  schedule_id: string; center_id: string; user_id: string; window_id: string; day: string; shift: StaffShift;
  signed_in_at: Timestamp; late_minutes: number; signed_out_at: Date | null; early_minutes: number | null;
}
export interface StaffTrainingsTable {
  id: Generated<string>; center_id: string; user_id: string; course: string; hours: number; day: string;
  result: 'passed' | 'failed' | 'attended'; recorded_by: string; created_at: Timestamp;
}
export type AssessmentResult = 'excellent' | 'competent' | 'basically_competent' | 'incompetent';
export interface StaffAssessmentsTable {
  id: Generated<string>; center_id: string; user_id: string; year: number; result: AssessmentResult; comment: string;
  figures: ColumnType<Record<string, unknown>, string, string>; status: 'final' | 'reopened'; written_by: string; written_at: Timestamp;
  reopened_by: string | null; reopened_at: Date | null; reopen_reason: string | null;
}

/** 0042 (issue 17, docs/open-api.md): consuming systems, their hashed API keys, the per-key rate window, event subscriptions and the CloudEvents outbox. */
export interface ApiClientsTable {
  id: Generated<string>; center_id: string; name: string; contact: Generated<string>; created_by: string; created_at: Timestamp;
  revoked_at: Date | null; revoked_by: string | null;
}
export interface ApiKeysTable {
  id: Generated<string>; client_id: string; key_id: string; key_hash: Buffer; scopes: string[]; rate_per_minute: number;
  created_by: string; created_at: Timestamp; revoked_at: Date | null; revoked_by: string | null; last_used_at: Date | null;
}
export interface ApiKeyWindowsTable { key_id: string; window_start: Timestamp; count: number }
export interface EventSubscriptionsTable {
  id: Generated<string>; client_id: string; center_id: string; url: string; event_types: string[];
  /** 0048: NULL once encrypted into secret_enc (integrations/secret-box.ts). */
  secret: string | null; secret_enc: string | null; paused_at: Date | null;
  created_by: string; created_at: Timestamp; revoked_at: Date | null;
}
export interface EventDeliveriesTable {
  id: Generated<number>; subscription_id: string; case_id: string; event_id: string; event_type: string;
  body: ColumnType<Record<string, unknown>, string, string>; status: Generated<'pending' | 'delivered'>; attempts: Generated<number>;
  next_attempt_at: Timestamp; last_status: number | null; last_error: string | null; created_at: Timestamp; delivered_at: Date | null;
}

// ---------------------------------------------------------------- 0044: disclosure and foreign applicants (docs/disclosure.md)
export type ForeignDocKind = 'passport' | 'permanent_residence';
export type DisclosureCategory = 'regulations' | 'plans' | 'budgets' | 'fees' | 'major_projects' | 'emergency_plans' | 'licences' | 'annual_report';
export interface DisclosurePublicationsTable {
  id: Generated<string>; center_id: string; category: DisclosureCategory; title: string; title_en: string | null;
  body: string; body_en: string | null; doc_no: string | null; year: number; status: 'published' | 'withdrawn';
  published_at: Timestamp; published_by: string; withdrawn_at: Date | null; withdrawn_by: string | null; withdraw_reason: string | null;
  /** 0055: the annual report's figures (category annual_report only). */
  report: Json | null;
}
export type DisclosureRequestStatus = 'received' | 'extension_pending' | 'correction_requested' | 'consulting' | 'replied' | 'withdrawn';
export type DisclosureReplyType = 'open' | 'partial' | 'refused' | 'not_exist' | 'not_ours' | 'correction';
export type DisclosureDelivery = 'electronic' | 'paper' | 'post';
export interface DisclosureRequestsTable {
  id: Generated<string>; request_no: string; center_id: string; requester_id: string; description: string; purpose: string | null;
  delivery: DisclosureDelivery; status: DisclosureRequestStatus; received_date: DateCol; due_date: NullableDate;
  due_provisional: Generated<boolean>; extended: Generated<boolean>; extension_days: number | null; extension_reason: string | null;
  extension_requested_by: string | null; extension_approved_by: string | null; correction_note: string | null; reply_type: DisclosureReplyType | null;
  reply_text: string | null; reply_reason: string | null; replied_at: Date | null; replied_date: NullableDate; replied_by: string | null;
  created_at: Timestamp; updated_at: Timestamp; row_version: Generated<number>;
  /** 0055: 'en' gives a bilingual reply letter (a foreign requester gets one anyway). */
  reply_language: Generated<'zh' | 'en'>;
  /** 0074: the last day to correct in, stated by the correction notice (第三十条). */
  correction_due_date: NullableDate;
  /** 0076: the third party consulted (第三十二条), its answer, and the clock stopped meanwhile (第三十三条). */
  third_party_name: string | null; third_party_matter: string | null; consulted_date: NullableDate; third_party_due_date: NullableDate;
  consultation_days_left: number | null; third_party_opinion: 'agree' | 'object' | 'no_reply' | null; third_party_reason: string | null;
  opinion_date: NullableDate; public_interest_reason: string | null;
}
export interface DisclosureRequestEventsTable {
  id: Generated<number>; request_id: string; action: string; from_status: string | null; to_status: string | null;
  actor_id: string | null; data: ColumnType<Record<string, unknown>, string | undefined, string>; at: Timestamp;
}

// ---------------------------------------------------------------- 0040: evaluation experts (docs/experts.md)
export type ExpertDeclarationKind = 'relative' | 'interest';
export type ExpertDrawStatus = 'committed' | 'drawn' | 'cancelled';
export type ExpertSeat = 'seated' | 'reserve' | 'declined';
export interface ExpertsTable {
  id: Generated<string>; center_id: string; user_id: string | null; name: string; id_number: string; phone: string | null;
  specialties: string[]; region_code: string; employer_code: string; employer_name: string; available: Generated<boolean>; created_at: Timestamp;
}
export interface ExpertDeclarationsTable {
  id: Generated<string>; expert_id: string; kind: ExpertDeclarationKind; org_code: string; org_name: string;
  relative_name: string | null; relation: string | null; declared_at: Timestamp;
}
export interface ExpertPenaltiesTable { id: Generated<string>; expert_id: string; imposed_on: DateCol; reason: string; created_at: Timestamp }
export interface CommitteeRulesTable { sector: string; min_size: number; expert_share_num: number; expert_share_den: number; basis: string }
export interface ExpertDrawsTable {
  id: Generated<string>; tender_id: string; center_id: string; status: ExpertDrawStatus; committee_size: number; buyer_reps: number;
  expert_seats: number; reserves: number; filters: Json<Record<string, unknown>>; algorithm: string; pool_ids: string[]; pool_hash: string;
  commitment: string; commitment_hash: string; seed_source: string; seed_sources: number; seed_due_at: Timestamp; committed_by: string; committed_at: Timestamp;
  seed: ColumnType<string[][] | null, string | null, string | null>; key_string: string | null; drawn_by: string | null; drawn_at: Date | null;
  cancelled_reason: string | null;
}
export interface ExpertDrawExclusionsTable { draw_id: string; expert_id: string; reasons: string[] }
export interface ExpertDrawMembersTable { draw_id: string; rank: number; expert_id: string; seat: ExpertSeat; answered_at: Date | null }
/** score is numeric(7,2): a string from the driver. */
export interface EvaluationScoresTable { tender_id: string; bid_id: string; expert_id: string; criterion: string; score: string; scored_at: Timestamp }
/** 0077: an expert's vote to reject a bid (否决投标, 条例 第五十一条, 第三十四条), with its ground and the facts. */
export type RejectionGround = 'unsigned' | 'no_consortium_agreement' | 'unqualified' | 'multiple_offers' | 'price_out_of_bounds' | 'not_responsive' | 'collusion_or_fraud' | 'related_bidders';
export interface EvaluationRejectionsTable { tender_id: string; bid_id: string; expert_id: string; ground: RejectionGround; note: string; voted_at: Timestamp }
/** 招标投标法实施条例 第三十四条: a bidding enterprise's principal and the units it is controlled or managed by (0079). */
export interface BidderDeclarationsTable {
  user_id: string; representative_id_number: string; controller_code: string | null; manager_code: string | null; declared_at: Timestamp; version: Generated<number>;
  /** 0080: how the declaration was checked against the enterprise registry, and when. */
  registry_check: Generated<RegistryCheck>; registry_checked_at: Date | null;
  /** 0083: the field the registry records otherwise (a `contradicted` declaration), and when the registry is next asked (while it has not answered). */
  registry_contradiction: DeclaredFact | null; registry_recheck_at: Date | null;
}
export type RegistryCheck = 'verified' | 'not_found' | 'unavailable' | 'unchecked' | 'contradicted';
/** 0080: the registry's record of an opened bid's bidder, looked up once for the tender's evaluation. */
export interface TenderRegistryRecordsTable {
  tender_id: string; bidder_id: string; credit_code: string; outcome: 'found' | 'not_found' | 'unavailable';
  representative_id_number: string | null; controller_code: string | null; manager_code: string | null; looked_up_at: Timestamp;
}
export interface EvaluationSubmissionsTable { tender_id: string; expert_id: string; submitted_at: Timestamp }
/** 0082: a submitted sheet returned to its expert for review (a relation between bidders found after it was in). */
export interface EvaluationReturnsTable { tender_id: string; expert_id: string; returned_at: Timestamp; returned_by: string; reason: string }
export interface EvaluationReportsTable {
  tender_id: string; ranking: Json; outliers: Json; report_file: string; finished_by: string; finished_at: Timestamp;
}
