import { errors } from '../../lib/errors.ts';
import type { ItemContent, Material } from '../items/items.schemas.ts';
import type { ChecklistEntry, MergedField } from './joint-snapshot.ts';

/**
 * Issue 10, materials: which materials an application must carry, and the check that it carries
 * them. Pure functions over lists, so every caller (single and joint applications, the counter's
 * acceptance, a joint matter that leaves out what a prerequisite item produces) asks the same way:
 * build the list of required materials, drop what it must not ask, then check.
 *
 * A material is required when the item says `requirement: 'required'`, or when it is conditional
 * and declares `requiredWhen` (a field of the item's form and the answers that make it required)
 * and the application's form meets it. A conditional material with its condition in words only is
 * never demanded online: the window judges it at the counter.
 */

/** What the check needs of a material: its key, its name for the message, and whether (and which) e-licences replace it. */
export interface RequiredMaterial {
  key: string;
  name: string;
  eLicenceAccepted: boolean;
  eLicenceTypes?: string[] | undefined;
}

/** A material given with an application: a file, or an e-licence that stands in for it. */
export interface MaterialRef {
  key: string;
  fileId?: string | undefined;
  eLicence?: { type: string; number: string } | undefined;
}

export type Condition = NonNullable<Material['requiredWhen']>;

/** Does the form meet the condition? An answer among `anyOf`, or without `anyOf` any answer at all. */
export function conditionMet(when: Condition, form: Record<string, string>): boolean {
  const answer = (form[when.field] ?? '').trim();
  if (!answer) return false;
  return when.anyOf ? when.anyOf.includes(answer) : true;
}

/** The materials of one item version that this form makes required. */
export function requiredMaterials(materials: Material[], form: Record<string, string>): Material[] {
  return materials.filter((m) => m.requirement === 'required' || (m.requiredWhen !== undefined && conditionMet(m.requiredWhen, form)));
}

/**
 * The entries of a joint checklist that the merged form makes required: a required entry, or a
 * conditional one whose source material (in its own item) declares a condition that the item's share
 * of the merged form meets. `contents` holds the included items' versions by item id.
 */
export function requiredJointEntries(checklist: ChecklistEntry[], fields: MergedField[], contents: Map<string, ItemContent>, form: Record<string, string>): ChecklistEntry[] {
  return checklist.filter((entry) => entry.requirement === 'required' || entry.sources.some((s) => {
    const m = contents.get(s.itemId)?.materials.find((x) => x.key === s.key);
    return m?.requiredWhen !== undefined && conditionMet(m.requiredWhen, itemForm(fields, s.itemId, form));
  }));
}

/** One item's answers out of the merged form (each merged answer to every field it stands for). */
function itemForm(fields: MergedField[], itemId: string, merged: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const value = merged[f.key];
    if (value === undefined) continue;
    for (const s of f.sources) if (s.itemId === itemId) out[s.key] = value;
  }
  return out;
}

/**
 * Refuses an e-licence given for a material that does not accept one, or of a type it does not list
 * (the number itself is checked against the licence library by issue 12).
 */
export function checkLicenceRefs(known: RequiredMaterial[], given: MaterialRef[]) {
  const byKey = new Map(known.map((m) => [m.key, m]));
  for (const g of given) {
    if (!g.eLicence) continue;
    const m = byKey.get(g.key);
    if (!m) continue; // an unknown key is refused by checkMaterialKeys
    const typeOk = !m.eLicenceTypes?.length || m.eLicenceTypes.includes(g.eLicence.type);
    if (!m.eLicenceAccepted || !typeOk) throw errors.MATERIAL_ELICENCE_REFUSED({ material: m.name, key: m.key, field: 'materials', details: { material: m.key } });
  }
}

/** Refuses (400 MATERIALS_REQUIRED, every missing one named) an application without a file or e-licence for each required material. */
export function assertComplete(required: RequiredMaterial[], given: MaterialRef[]) {
  checkLicenceRefs(required, given);
  const carried = new Set(given.filter((g) => g.fileId || g.eLicence).map((g) => g.key));
  const missing = required.filter((m) => !carried.has(m.key));
  if (missing.length) {
    throw errors.MATERIALS_REQUIRED({ names: missing.map((m) => m.name), keys: missing.map((m) => m.key), field: 'materials', details: { missing: missing.map((m) => m.key) } });
  }
}

/** The files and the e-licence references of a list of given materials, apart. */
export function splitRefs(given: MaterialRef[]) {
  return {
    files: given.flatMap((g) => (g.fileId ? [{ key: g.key, fileId: g.fileId }] : [])),
    licences: given.flatMap((g) => (g.eLicence ? [{ key: g.key, type: g.eLicence.type, number: g.eLicence.number }] : [])),
  };
}
