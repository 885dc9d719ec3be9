import type { ColumnType, Generated } from 'kysely';

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
  username: string | null;
  password_hash: string;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  center_id: string | null;
  department_id: string | null;
  window_id: string | null;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: Generated<Date>;
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

export interface DB {
  audit_checkpoints: AuditCheckpointsTable;
  audit_signing_start: AuditSigningStartTable;
  cases: CasesTable;
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
  sessions: SessionsTable;
  files: FilesTable;
  items: ItemsTable;
  item_versions: ItemVersionsTable;
  item_requests: ItemRequestsTable;
  audit_events: AuditEventsTable;
  calendar_schedules: CalendarSchedulesTable;
  calendar_days: CalendarDaysTable;
  calendar_versions: CalendarVersionsTable;
  notifications: NotificationsTable;
  supervision_notices: SupervisionNoticesTable;
  findings: FindingsTable;
  case_handoffs: CaseHandoffsTable;
  perf_daily: PerfDailyTable;
  perf_dept_daily: PerfDeptDailyTable;
  audit_checks: AuditChecksTable;
  login_clients: LoginClientsTable;
  progress_attempts: ProgressAttemptsTable;
  case_delivery_choices: CaseDeliveryChoicesTable;
  case_deliveries: CaseDeliveriesTable;
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
