/** Shapes of the public joint-matter API (docs/joint.md) as the portal sees them; the shared ones are in api/types.ts. */
import type { Bilingual } from '../i18n';
import type { FormFieldDef, FormMaterialDef, JointMatterSummary } from '../api/types';

/** A question as GET /api/joint/matters/:id sends it: labels already in both languages. */
export interface PublicJointQuestion {
  key: string;
  label: Bilingual;
  options: { value: string; label: Bilingual }[];
}

/** GET /api/joint/matters/:id and GET /api/joint/centers/:centerId/matters/:key. */
export interface JointMatter extends JointMatterSummary {
  promisedDays: number;
  statutoryDays: number;
  denialRule: 'continue' | 'stop_all';
  questions: PublicJointQuestion[];
  items: { itemId: string; name: string; nameEn?: string | null; departmentName: string; when?: { question: string; anyOf: string[] } | null }[];
}

export interface JointChecklistMaterial extends FormMaterialDef {
  /** The names of the items this one upload stands for. */
  items: string[];
}

/** POST /api/joint/matters/:id/checklist: what the answers make of the matter. */
export interface JointChecklist {
  items: { itemId: string; name: string; nameEn?: string | null; departmentId: string; departmentName: string; promisedDays: number }[];
  /** The one form: each field with the names of the items it stands for. */
  fields: (FormFieldDef & { items?: string[] })[];
  materials: JointChecklistMaterial[];
  counts: { fieldsAsked: number; fieldsSeparate: number; materialsAsked: number; materialsSeparate: number };
}
