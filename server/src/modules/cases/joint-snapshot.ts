import type { FormField } from '../items/items.schemas.ts';

/**
 * What a joint parent case keeps of its matter (in `cases.matter`): the definition as it was when
 * the applicant submitted, their answers, and the checklist and form those answers produced. Later
 * edits of the matter never change a case already submitted.
 */
export interface SourceRef { itemId: string; key: string }

export interface ChecklistEntry {
  key: string;
  name: string;
  requirement: 'required' | 'conditional';
  condition?: string;
  originalOrCopy: string;
  copies: number;
  eLicenceAccepted: boolean;
  templateFileId?: string;
  /** The item materials this one upload stands for. */
  sources: SourceRef[];
}

export type MergedField = FormField & { sources: SourceRef[] };

export interface IncludedItem {
  itemId: string;
  itemVersion: number;
  name: string;
  nameEn: string | null;
  departmentId: string;
  departmentName: string;
  departmentNameEn?: string | null;
  promisedDays: number;
  statutoryDays: number;
}

export interface JointSnapshot {
  matterId: string;
  key: string;
  version: number;
  name: string;
  nameEn: string | null;
  leadDepartmentId: string;
  denialRule: 'continue' | 'stop_all';
  answers: Record<string, string>;
  items: IncludedItem[];
  checklist: ChecklistEntry[];
  fields: MergedField[];
  /** The prerequisites between the included items (absent on cases submitted before they existed). */
  prerequisites?: Prerequisite[];
  prerequisiteDenial?: PrerequisiteDenial;
}

/** `itemId` waits for `requires`; `materials` are `itemId`'s own materials that `requires`'s result stands for. */
export interface Prerequisite { itemId: string; requires: string; materials: string[] }
export type PrerequisiteDenial = 'terminate_dependents' | 'continue';

/** What a part keeps: the lead department (who may watch it) and where it came from. */
export interface PartSnapshot { leadDepartmentId: string; matterId: string; matterName: string }

export const snapshotOf = (c: { matter: unknown }) => c.matter as JointSnapshot;
