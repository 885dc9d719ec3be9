/**
 * Shapes of the HTTP API as the web app sees them.
 * ItemContent mirrors server/src/modules/items/items.schemas.ts (the `content` of a version);
 * keep the two in step when the schema changes.
 */
export const ITEM_TYPES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export const ITEM_LEVELS = ['national', 'province', 'city', 'county', 'township', 'village'] as const;
export type ItemLevel = (typeof ITEM_LEVELS)[number];
export const PROCESSING_MODES = ['instant', 'promised', 'joint', 'reported'] as const;
export type ProcessingMode = (typeof PROCESSING_MODES)[number];
export const AUDIENCES = ['person', 'enterprise'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const SPECIAL_KINDS = [
  'hearing', 'tendering', 'auction', 'testing', 'inspection', 'quarantine', 'appraisal', 'expert_review',
] as const;
export type SpecialProcedureKind = (typeof SPECIAL_KINDS)[number];
export const MATERIAL_FORMS = ['paper', 'electronic', 'both'] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number];
export const ORIGINAL_OR_COPY = ['original', 'copy', 'original_and_copy'] as const;
export type OriginalOrCopy = (typeof ORIGINAL_OR_COPY)[number];
export const REQUIREMENTS = ['required', 'conditional'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];
export const STEP_ROLES = ['window', 'approver', 'chief', 'delivery'] as const;
export type StepRole = (typeof STEP_ROLES)[number];
export const HALL_STATUSES = ['draft', 'in_hall', 'removed'] as const;
export type HallStatus = (typeof HALL_STATUSES)[number];
export const STAFF_ROLES = ['window', 'approver', 'chief', 'manager', 'supervisor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type RequestKind = 'admission' | 'removal';
export const REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface Material {
  key: string;
  name: string;
  form: MaterialForm;
  originalOrCopy: OriginalOrCopy;
  copies: number;
  requirement: Requirement;
  condition?: string;
  source?: string;
  specification?: string;
  eLicenceAccepted: boolean;
  templateFileId?: string;
  sampleFileId?: string;
}

export interface ProcedureStep {
  name: string;
  description: string;
  role?: StepRole;
  workdays?: number;
}

export interface Fee { item: string; standard: string; basis: string }

export interface SpecialProcedure {
  kind: SpecialProcedureKind;
  description: string;
  maxWorkdays?: number;
}

/** A field of an item's application form (server: items.schemas.ts `formField`). */
export interface ContentFormField {
  key: string;
  label: string;
  labelEn?: string;
  type: 'text' | 'textarea' | 'date' | 'number' | 'select';
  required: boolean;
  options?: { value: string; label: string; labelEn?: string }[];
}

export interface ItemContent {
  name: string;
  nameEn?: string;
  legalBasis: string[];
  conditions: string[];
  materials: Material[];
  procedure: ProcedureStep[];
  statutoryLimitDays: number;
  promisedLimitDays: number;
  specialProcedures: SpecialProcedure[];
  fees: Fee[];
  processingMode: ProcessingMode;
  visits: number;
  online: boolean;
  inHall: boolean;
  notInHallApproval?: string;
  audiences: Audience[];
  themes: string[];
  lifeEvents: string[];
  acceptanceLocation: string;
  consultPhone: string;
  complaintPhone: string;
  progressQuery: string;
  result: string;
  /** The online/counter application form; the manager's editor has no control for it yet and keeps it as is. */
  formFields?: ContentFormField[];
}

export interface ItemIdentity {
  departmentId: string;
  type: ItemType;
  level: ItemLevel;
  codeRegion: string;
  codeMain: string;
  codeSub: string;
}

export interface NamedRef { id: string; name: string; nameEn?: string }
export interface ActorRef { id: string; name: string }

export interface User {
  id: string;
  kind: 'person' | 'enterprise' | 'staff';
  name: string;
  roles: string[];
  centerId?: string;
  departmentId?: string;
  windowId?: string;
  maskedId?: string;
}

export interface Paged { total: number; page: number; pageSize: number }

// ---- public catalog ----
export interface Center { id: string; name: string; nameEn?: string; regionCode: string; regionName?: string; level?: string }
export interface FacetDepartment { id: string; name: string; nameEn?: string; centerId: string; count: number }
export interface FacetKey { key: string; zh: string; en: string; count: number }
export interface Facets {
  centers: Center[];
  departments: FacetDepartment[];
  themes: FacetKey[];
  lifeEvents: FacetKey[];
  audiences: { person: number; enterprise: number };
}

export interface ItemSummary {
  id: string;
  name: string;
  nameEn?: string;
  basicCode: string;
  implementationCode: string;
  type: ItemType;
  department: NamedRef;
  center: NamedRef;
  processingMode: ProcessingMode;
  promisedLimitDays: number;
  statutoryLimitDays: number;
  online: boolean;
  visits: number;
  version: number;
}
export interface ItemList extends Paged { items: ItemSummary[] }

export interface FileInfo { name: string; size: number; mime: string }
export interface Guide {
  item: {
    id: string;
    basicCode: string;
    implementationCode: string;
    type: ItemType;
    level: ItemLevel;
    department: NamedRef;
    center: NamedRef;
    hallStatus: HallStatus;
  };
  version: { version: number; validFrom: string; publishedAt: string; content: ItemContent };
  files: Record<string, FileInfo>;
}

// ---- manager console ----
export interface AdminItemRow {
  id: string;
  name: string;
  basicCode: string;
  implementationCode: string;
  type: ItemType;
  department: NamedRef;
  hallStatus: HallStatus;
  latestVersion: number | null;
  hasDraft: boolean;
  pendingRequest: null | { id: string; kind: RequestKind };
  updatedAt: string;
}
export interface AdminItemList extends Paged { items: AdminItemRow[] }

export interface VersionRow {
  version: number;
  status: 'draft' | 'published';
  validFrom: string | null;
  publishedAt: string | null;
  createdAt: string;
}
export interface ItemRequest {
  id: string;
  kind: RequestKind;
  reason: string;
  status: RequestStatus;
  requestedBy: ActorRef;
  decidedBy: ActorRef | null;
  decisionReason: string | null;
  createdAt: string;
  decidedAt: string | null;
}
export interface HistoryEntry { at: string; action: string; actor: ActorRef | null; data: unknown }
export interface AdminItemDetail {
  item: AdminItemRow & {
    level: ItemLevel;
    codeRegion: string;
    codeMain: string;
    codeSub: string;
    departmentId: string;
  };
  versions: VersionRow[];
  draft: null | { version: number; content: ItemContent };
  current: null | { version: number; validFrom: string; content: ItemContent };
  history: HistoryEntry[];
  requests: ItemRequest[];
}
export interface VersionDetail {
  version: number;
  status: 'draft' | 'published';
  validFrom: string | null;
  publishedAt: string | null;
  content: ItemContent;
}
export interface QueueRequest extends ItemRequest { item: ActorRef }
export interface RequestList extends Paged { requests: QueueRequest[] }

export interface Region { code: string; name: string; level: string; parentCode: string | null }
export interface OrgCenter { id: string; name: string; nameEn?: string; regionCode: string }
export interface OrgDepartment { id: string; centerId: string; name: string; nameEn?: string; creditCode: string }
export interface OrgWindow {
  id: string;
  centerId: string;
  name: string;
  kind: 'intake' | 'delivery' | 'department' | 'proxy';
  departmentId: string | null;
  /** A proxy window (综合代办窗口): the departments it accepts for, when the server sends them. */
  departmentIds?: string[];
}
export interface Org { regions: Region[]; centers: OrgCenter[]; departments: OrgDepartment[]; windows: OrgWindow[] }

export interface StaffRow {
  id: string;
  username: string;
  name: string;
  roles: StaffRole[];
  departmentId: string | null;
  windowId: string | null;
  centerId: string | null;
  locked: boolean;
}
export interface StaffList extends Paged { staff: StaffRow[] }

export interface UploadedFile { id: string; name: string; size: number; mime: string }

// ---- cases (办件) ----
export const CASE_STATES = [
  'submitted', 'supplement_requested', 'refused', 'accepted', 'in_review', 'forwarded', 'decided',
  'awaiting_payment', 'issuing', 'ready', 'delivered', 'withdrawn', 'terminated',
] as const;
export type CaseState = (typeof CASE_STATES)[number];
export type CaseLight = 'green' | 'yellow' | 'red';
export const INBOX_BOXES = ['intake', 'review', 'decide', 'delivery', 'green'] as const;
export type InboxBox = (typeof INBOX_BOXES)[number];
export const CASE_ACTIONS = [
  'request_supplement', 'resubmit', 'refuse', 'accept', 'review', 'decide', 'extend', 'suspend', 'resume',
  'handover', 'confirm_payment', 'deliver', 'withdraw', 'terminate', 'forward',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
export type CaseDocKind = 'receipt' | 'supplement' | 'refusal' | 'decision';
export type MaterialStatus = 'missing' | 'submitted' | 'to_supplement' | 'accepted';

export interface FormFieldDef {
  key: string;
  label: { zh: string; en: string };
  type: 'text' | 'textarea' | 'date' | 'number' | 'select';
  required: boolean;
  options?: { value: string; label: { zh: string; en: string } }[];
}
export interface FormMaterialDef {
  key: string;
  name: string;
  requirement: Requirement;
  condition?: string;
  originalOrCopy: OriginalOrCopy;
  copies: number;
  eLicenceAccepted: boolean;
  templateFileId?: string;
}
export interface ItemForm { itemId: string; version: number; fields: FormFieldDef[]; materials: FormMaterialDef[] }

/** single · joint (parent of a joint matter) · part (one department's share) · upper (the deciding level of a reported case). */
export type CaseKind = 'single' | 'joint' | 'part' | 'upper';
export type CaseDecisionResult = 'approved' | 'denied' | 'partial';

export interface CaseSummary {
  id: string;
  receiptNo: string | null;
  /** null for a joint parent, which is named after its matter. */
  itemId: string | null;
  itemName: string;
  itemNameEn?: string | null;
  itemVersion: number | null;
  kind: CaseKind;
  parentId: string | null;
  /** Green channel (绿色通道): first in every inbox. */
  green: boolean;
  departmentId: string;
  departmentName: string;
  status: CaseState;
  suspended: boolean;
  channel: 'online' | 'counter' | 'forwarded';
  applicantName: string;
  submittedAt: string;
  acceptedDate: string | null;
  dueDate: string | null;
  warningDate: string | null;
  light: CaseLight | null;
  provisional: boolean;
  processingMode: ProcessingMode;
  /** The pre-review deadline (Art. 32: 5 working days from receipt), when the server sends it. */
  acceptanceDueDate?: string | null;
}
export interface CaseList extends Paged { cases: CaseSummary[] }

export interface CaseMaterial {
  key: string;
  name: string;
  requirement: Requirement;
  status: MaterialStatus;
  files: { id: string; name: string; size: number }[];
  reason?: string;
  /** A joint case's checklist: the departments whose items this material stands for (when the server sends it). */
  departmentIds?: string[];
}
export interface CaseSuspension {
  kind: SpecialProcedureKind;
  reason: string;
  expectedDays: number;
  startedDate: string;
  endedDate: string | null;
  workdays: number | null;
}
export interface CaseReview { step: number; name: string; opinion: string; proposal: 'approve' | 'deny'; by: string; at: string }
export interface CaseTimelineEntry { at: string; action: string; actor: string | null; data: unknown }

/** The detail's `green` is the green-channel record (or null), where a summary has a flag. */
export interface CaseDetail extends Omit<CaseSummary, 'green'> {
  queryCode: string | null;
  centerName?: string;
  deemedAccepted?: boolean;
  form: Record<string, string>;
  formFields: FormFieldDef[];
  materials: CaseMaterial[];
  supplement: null | {
    round: number;
    /** `departments`: on a joint case, the departments that asked for the line. */
    items: { key: string; name: string; reason: string; departments?: string[] }[];
    note: string;
    issuedAt: string;
  };
  decision: null | { result: CaseDecisionResult; reason: string; decidedAt: string };
  extension: null | { days: number; reason: string };
  suspensions: CaseSuspension[];
  reviews: CaseReview[];
  procedure: { name: string; role: string | null }[];
  statutoryDueDate: string | null;
  promisedLimitDays: number;
  delivery: null | { method: 'pickup' | 'post'; trackingNo?: string | null };
  timeline: CaseTimelineEntry[];
  documents: { kind: CaseDocKind; url: string }[];
  allowedActions: string[];
  /** A joint case: its parts; a reported case: its case at the deciding level. */
  children?: CaseChild[];
  parent?: CaseSummary | null;
  matter?: CaseMatter | null;
  /** A reported case: the time each level took. */
  levels?: CaseLevel[];
  green: CaseGreen | null;
}
export interface CaseAnswer { case: CaseDetail }

export interface CaseChild extends CaseSummary {
  centerName: string;
  decision: null | { result: CaseDecisionResult; reason: string; decidedAt: string };
  closeReason: string | null;
}
export interface CaseMatter {
  matterId: string;
  key: string;
  version: number;
  name: string;
  nameEn: string | null;
  leadDepartmentId: string;
  denialRule: JointDenialRule;
  answers: Record<string, string>;
  items: { itemId: string; name: string; nameEn: string | null; departmentId: string; departmentName: string }[];
}
/** One level of a reported (上报) case: the stage, where it sat, and its working days against the limit. */
export interface CaseLevel {
  stage: string;
  centerName: string;
  departmentName: string;
  from: string | null;
  to: string | null;
  workdays: number | null;
  limitDays: number | null;
  overdue: boolean;
}
export interface CaseGreen { coordinatorId: string | null; coordinatorName?: string | null; reason: string }

// ---- joint matters (联办 · 一件事), docs/joint.md ----
export type JointDenialRule = 'continue' | 'stop_all';
export interface JointPrereview {
  departmentId: string;
  departmentName: string;
  round: number;
  items: { key: string; reason: string }[];
  note: string;
  by: string;
  at: string;
}
export interface JointPrereviews { prereviews: JointPrereview[] }
export interface CoordinationCase extends CaseSummary { parts: CaseSummary[] }
export interface CoordinationList extends Paged { cases: CoordinationCase[] }

export interface JointQuestion {
  key: string;
  label: string;
  labelEn?: string;
  options: { value: string; label: string; labelEn?: string }[];
}
export interface JointItemRef { itemId: string; when?: { question: string; anyOf: string[] } }
export interface JointSource { itemId: string; field?: string; material?: string }
export interface JointSharedField {
  key: string;
  label: string;
  labelEn?: string;
  type: ContentFormField['type'];
  required: boolean;
  options?: { value: string; label: string; labelEn?: string }[];
  sources: { itemId: string; field: string }[];
}
export interface JointSharedMaterial { key: string; name: string; sources: { itemId: string; material: string }[] }
export interface JointDefinition {
  promisedDays: number;
  denialRule: JointDenialRule;
  description?: string;
  descriptionEn?: string;
  questions: JointQuestion[];
  items: JointItemRef[];
  sharedFields: JointSharedField[];
  sharedMaterials: JointSharedMaterial[];
}
export type JointMatterStatus = 'draft' | 'published' | 'withdrawn';
/** A matter as the manager's console sees it (GET /api/manage/joint/matters). */
export interface AdminJointMatter {
  id: string;
  key: string;
  name: string;
  nameEn: string | null;
  lifeEvent: string | null;
  description: string;
  centerId: string;
  centerName: string;
  leadDepartmentId: string;
  leadDepartment: { id: string; name: string; nameEn: string | null };
  itemCount: number;
  status: JointMatterStatus;
  version: number;
  rowVersion: number;
  definition: JointDefinition;
  updatedAt: string;
}
export interface AdminJointMatterList { matters: AdminJointMatter[] }
/** A published matter as the portal lists it (GET /api/joint/matters). */
export interface JointMatterSummary {
  id: string;
  key: string;
  name: string;
  nameEn?: string | null;
  lifeEvent?: string | null;
  description?: string | null;
  descriptionEn?: string | null;
  centerId: string;
  centerName: string;
  leadDepartment: NamedRef;
  itemCount: number;
}

export interface Progress {
  receiptNo: string;
  itemName: string;
  departmentName: string;
  status: CaseState;
  applicantName: string;
  acceptedDate: string | null;
  dueDate: string | null;
  steps: { at: string; action: string }[];
}

export interface CaseUploadedFile extends UploadedFile { sha256: string }
