/**
 * Names for the API's shapes, each derived from the generated schema (schema.d.ts, `npm run gen:api`):
 * a server change that breaks a page fails `tsc -p web/tsconfig.json`. Nothing here is copied by hand;
 * the value lists are checked to hold exactly the members of the schema's enum.
 */
import type { BodyOf, ParamsOf, ResponseOf } from './client';

type Item<A> = A extends readonly (infer T)[] ? T : never;

/** A list of every member of the string union T, checked both ways: a member the schema adds or drops fails tsc. */
const allOf = <T extends string>() => <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : { missing: Exclude<T, A[number]> })): A => values;

// ---- session ----
export type Session = ResponseOf<'/api/auth/me'>;
export type User = Session['user'];

// ---- public catalog ----
export type Facets = ResponseOf<'/api/catalog/facets'>;
export type Center = Item<Facets['centers']>;
export type ItemList = ResponseOf<'/api/items'>;
export type ItemSummary = Item<ItemList['items']>;
export type Guide = ResponseOf<'/api/items/{id}/guide'>;
export type ItemContent = Guide['version']['content'];
export type Material = Item<ItemContent['materials']>;
export type ProcedureStep = Item<ItemContent['procedure']>;
export type SpecialProcedure = Item<ItemContent['specialProcedures']>;
export type FileInfo = Guide['files'][string];

// Responses carry some codes as plain strings; the enums come from what the API takes.
export type ItemIdentity = BodyOf<'/api/admin/items', 'post'>['identity'];
export type ItemType = ItemIdentity['type'];
export type ItemLevel = ItemIdentity['level'];
export type HallStatus = NonNullable<NonNullable<ParamsOf<'/api/admin/items'>['query']>['hallStatus']>;
export type ProcessingMode = ItemContent['processingMode'];
export type Audience = Item<ItemContent['audiences']>;
export type SpecialProcedureKind = SpecialProcedure['kind'];
export type MaterialForm = Material['form'];
export type OriginalOrCopy = Material['originalOrCopy'];
export type Requirement = Material['requirement'];
export type StepRole = NonNullable<ProcedureStep['role']>;

export const ITEM_TYPES = allOf<ItemType>()(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20']);
export const ITEM_LEVELS = allOf<ItemLevel>()(['national', 'province', 'city', 'county', 'township', 'village']);
export const PROCESSING_MODES = allOf<ProcessingMode>()(['instant', 'promised', 'joint', 'reported']);
export const AUDIENCES = allOf<Audience>()(['person', 'enterprise']);
export const SPECIAL_KINDS = allOf<SpecialProcedureKind>()(['hearing', 'tendering', 'auction', 'testing', 'inspection', 'quarantine', 'appraisal', 'expert_review']);
export const MATERIAL_FORMS = allOf<MaterialForm>()(['paper', 'electronic', 'both']);
export const ORIGINAL_OR_COPY = allOf<OriginalOrCopy>()(['original', 'copy', 'original_and_copy']);
export const REQUIREMENTS = allOf<Requirement>()(['required', 'conditional']);
export const STEP_ROLES = allOf<StepRole>()(['window', 'approver', 'chief', 'delivery']);
export const HALL_STATUSES = allOf<HallStatus>()(['draft', 'in_hall', 'removed']);

// ---- manager console ----
export type AdminItemList = ResponseOf<'/api/admin/items'>;
export type AdminItemRow = Item<AdminItemList['items']>;
export type AdminItemDetail = ResponseOf<'/api/admin/items/{id}'>;
export type VersionRow = Item<AdminItemDetail['versions']>;
export type ItemRequest = Item<AdminItemDetail['requests']>;
export type VersionDetail = ResponseOf<'/api/admin/items/{id}/versions/{version}'>;
export type RequestList = ResponseOf<'/api/admin/requests'>;
export type QueueRequest = Item<RequestList['requests']>;
export type RequestKind = ItemRequest['kind'];
export type RequestStatus = ItemRequest['status'];
export const REQUEST_STATUSES = allOf<RequestStatus>()(['pending', 'approved', 'rejected']);

export type Org = ResponseOf<'/api/admin/org'>;
export type OrgWindow = Item<Org['windows']>;
export type StaffList = ResponseOf<'/api/admin/staff'>;
export type StaffRow = Item<StaffList['staff']>;
export type StaffRole = Item<BodyOf<'/api/admin/staff', 'post'>['roles']>;
export const STAFF_ROLES = allOf<StaffRole>()(['window', 'approver', 'chief', 'manager', 'supervisor', 'finance', 'bank', 'hotline', 'hotline_lead', 'trading', 'disclosure', 'draw_operator', 'expert']);

export type UploadedFile = ResponseOf<'/api/admin/files', 'post'>;
export type CaseUploadedFile = ResponseOf<'/api/files', 'post'>;

// ---- cases (办件) ----
export type ItemForm = ResponseOf<'/api/items/{id}/form'>;
export type FormFieldDef = Item<ItemForm['fields']>;
export type FormMaterialDef = Item<ItemForm['materials']>;
export type CaseList = ResponseOf<'/api/my/cases'>;
export type CaseSummary = Item<CaseList['cases']>;
export type CaseDetail = ResponseOf<'/api/cases/{id}'>;
export type CaseAnswer = ResponseOf<'/api/cases/{id}/actions', 'post'>;
export type CaseState = CaseSummary['status'];
export type CaseLight = NonNullable<CaseSummary['light']>;
export type CaseMaterial = Item<CaseDetail['materials']>;
export type CaseSuspension = Item<CaseDetail['suspensions']>;
export type CaseReview = Item<CaseDetail['reviews']>;
export type CaseTimelineEntry = Item<CaseDetail['timeline']>;
export type CaseChild = Item<NonNullable<CaseDetail['children']>>;
export type CaseLevel = Item<NonNullable<CaseDetail['levels']>>;
export type InboxBox = NonNullable<NonNullable<ParamsOf<'/api/workbench/inbox'>['query']>['box']>;
export type Progress = ResponseOf<'/api/progress'>;

/** The body of POST /api/cases/:id/actions: a union discriminated by `action`. */
export type CaseActionBody = BodyOf<'/api/cases/{id}/actions', 'post'>;
export type CaseAction = CaseActionBody['action'];

// ---- joint matters (联办 · 一件事), docs/joint.md ----
export type JointPrereviews = ResponseOf<'/api/joint/cases/{id}/prereviews'>;
export type JointPrereview = Item<JointPrereviews['prereviews']>;
export type CoordinationList = ResponseOf<'/api/joint/coordination'>;
export type CoordinationCase = Item<CoordinationList['cases']>;
export type AdminJointMatterList = ResponseOf<'/api/manage/joint/matters'>;
export type JointDefinition = BodyOf<'/api/manage/joint/matters', 'post'>['definition'];
/** The answers' `definition` is left open in the schema; it is what the matter was saved with (the body's definition). */
export type AdminJointMatter = Omit<Item<AdminJointMatterList['matters']>, 'definition'> & { definition: JointDefinition };
export type JointQuestion = Item<JointDefinition['questions']>;
export type JointItemRef = Item<JointDefinition['items']>;
export type JointMatterSummary = Item<ResponseOf<'/api/joint/matters'>['matters']>;
