import { errors } from '../../lib/errors.ts';
import type { ItemContent } from '../items/items.schemas.ts';
import { COMMON_FIELDS, formFieldsOf } from '../cases/forms.ts';
import type { MatterDefinition } from './joint.schemas.ts';
import type { ChecklistEntry, IncludedItem, MergedField, SourceRef } from '../cases/joint-snapshot.ts';
import { applicablePrerequisites } from '../cases/joint-produced.ts';

/**
 * One merged form and one checklist from the items of a joint matter that apply to the applicant's
 * answers: a field or material several items ask for is asked once and mapped to each of them.
 * Pure, so the portal, the submission, the parts and the benchmark all merge the same way.
 */
export interface MatterItemInfo extends Omit<IncludedItem, 'promisedDays' | 'statutoryDays'> { content: ItemContent }

export interface Merged {
  included: IncludedItem[];
  fields: MergedField[];
  checklist: ChecklistEntry[];
  counts: { fieldsAsked: number; fieldsSeparate: number; materialsAsked: number; materialsSeparate: number };
  /**
   * 服务对象: the kinds of applicant who may apply for these answers: those every included item applied
   * for as the applicant serves. An item waiting for a prerequisite item of the case is applied for on
   * behalf of the company or individual business that prerequisite sets up, and does not count.
   */
  applicantKinds: Array<'person' | 'enterprise'>;
}

/** The answers must name an option of every question; the items without a condition always apply. */
export function checkAnswers(def: MatterDefinition, answers: Record<string, string>) {
  const unknown = Object.keys(answers).find((k) => !def.questions.some((q) => q.key === k));
  if (unknown) throw errors.ANSWER_INVALID({ question: unknown, field: `answers.${unknown}` });
  for (const q of def.questions) {
    const a = answers[q.key];
    if (a === undefined) throw errors.ANSWER_MISSING({ question: q.label, questionEn: q.labelEn, field: `answers.${q.key}` });
    if (!q.options.some((o) => o.value === a)) throw errors.ANSWER_INVALID({ question: q.label, questionEn: q.labelEn, option: a, field: `answers.${q.key}` });
  }
}

/** Key of an item's own field or material in the merged form: `i<position>_<key>`. */
export const ownKey = (position: number, key: string) => `i${position}_${key}`;

export function merge(def: MatterDefinition, infos: Map<string, MatterItemInfo>, answers: Record<string, string>): Merged {
  const applies = def.items.map((i) => !i.when || i.when.anyOf.includes(answers[i.when.question] ?? ''));
  const positions = new Map(def.items.map((i, n) => [i.itemId, n]));
  const included: IncludedItem[] = [];
  def.items.forEach((i, n) => {
    if (!applies[n]) return;
    const info = infos.get(i.itemId)!;
    const { content, ...rest } = info;
    included.push({ ...rest, promisedDays: content.promisedLimitDays, statutoryDays: content.statutoryLimitDays });
  });
  const isIncluded = (itemId: string) => applies[positions.get(itemId) ?? -1] === true;

  // Fields: the contact fields once, the shared ones, then each item's own that nothing covers.
  const common = new Set(COMMON_FIELDS.map((f) => f.key));
  const fields: MergedField[] = COMMON_FIELDS.map((f) => ({ ...f, sources: included.map((i) => ({ itemId: i.itemId, key: f.key })) }));
  const coveredField = new Set<string>();
  for (const s of def.sharedFields) {
    const sources: SourceRef[] = s.sources.filter((r) => isIncluded(r.itemId)).map((r) => ({ itemId: r.itemId, key: r.field }));
    if (!sources.length) continue;
    sources.forEach((r) => coveredField.add(`${r.itemId}/${r.key}`));
    const { sources: _, ...field } = s;
    fields.push({ ...field, sources });
  }
  let fieldsSeparate = 0;
  for (const i of included) {
    const own = formFieldsOf(infos.get(i.itemId)!.content);
    fieldsSeparate += own.length;
    for (const f of own) {
      if (common.has(f.key) || coveredField.has(`${i.itemId}/${f.key}`)) continue;
      fields.push({ ...f, key: ownKey(positions.get(i.itemId)!, f.key), sources: [{ itemId: i.itemId, key: f.key }] });
    }
  }

  // Materials: the shared ones, then each item's own that no shared one stands for.
  const checklist: ChecklistEntry[] = [];
  const coveredMaterial = new Set<string>();
  const materialOf = (itemId: string, key: string) => infos.get(itemId)!.content.materials.find((m) => m.key === key);
  for (const s of def.sharedMaterials) {
    const sources = s.sources.filter((r) => isIncluded(r.itemId) && materialOf(r.itemId, r.material)).map((r) => ({ itemId: r.itemId, key: r.material }));
    if (!sources.length) continue;
    sources.forEach((r) => coveredMaterial.add(`${r.itemId}/${r.key}`));
    const first = materialOf(sources[0]!.itemId, sources[0]!.key)!;
    // Required when any item requires it; a conditional one keeps its condition.
    const required = sources.some((r) => materialOf(r.itemId, r.key)!.requirement === 'required');
    checklist.push({
      key: s.key, name: s.name, requirement: required ? 'required' : 'conditional', ...(required || !first.condition ? {} : { condition: first.condition }),
      originalOrCopy: first.originalOrCopy, copies: Math.max(...sources.map((r) => materialOf(r.itemId, r.key)!.copies)),
      eLicenceAccepted: sources.every((r) => materialOf(r.itemId, r.key)!.eLicenceAccepted),
      ...(first.templateFileId ? { templateFileId: first.templateFileId } : {}), sources,
    });
  }
  let materialsSeparate = 0;
  for (const i of included) {
    for (const m of infos.get(i.itemId)!.content.materials) {
      materialsSeparate++;
      if (coveredMaterial.has(`${i.itemId}/${m.key}`)) continue;
      checklist.push({
        key: ownKey(positions.get(i.itemId)!, m.key), name: m.name, requirement: m.requirement, ...(m.condition ? { condition: m.condition } : {}),
        originalOrCopy: m.originalOrCopy, copies: m.copies, eLicenceAccepted: m.eLicenceAccepted,
        ...(m.templateFileId ? { templateFileId: m.templateFileId } : {}), sources: [{ itemId: i.itemId, key: m.key }],
      });
    }
  }
  const applicantKinds = kindsOf(def, infos, included.map((i) => i.itemId));
  return { included, fields, checklist, counts: { fieldsAsked: fields.length, fieldsSeparate, materialsAsked: checklist.length, materialsSeparate }, applicantKinds };
}

/** One item's form out of the merged one: each merged answer goes to every field it stands for. */
export function formForItem(fields: MergedField[], itemId: string, merged: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const value = merged[f.key];
    if (value === undefined) continue;
    for (const s of f.sources) if (s.itemId === itemId) out[s.key] = value;
  }
  return out;
}

/** One item's materials out of the merged uploads: each file goes to every material it stands for. */
export function materialsForItem(checklist: ChecklistEntry[], itemId: string, files: Array<{ key: string; fileId: string }>) {
  const byKey = new Map(checklist.map((c) => [c.key, c]));
  const out: Array<{ key: string; fileId: string }> = [];
  for (const f of files) for (const s of byKey.get(f.key)?.sources ?? []) if (s.itemId === itemId) out.push({ key: s.key, fileId: f.fileId });
  return out;
}

/** 服务对象 of the included items (Merged.applicantKinds): the kinds every item applied for as the applicant serves. */
function kindsOf(def: MatterDefinition, infos: Map<string, MatterItemInfo>, includedIds: string[]): Array<'person' | 'enterprise'> {
  const forNewEntity = new Set(applicablePrerequisites(def.prerequisites, includedIds).map((p) => p.itemId));
  return (['person', 'enterprise'] as const).filter((k) => includedIds.every((id) => forNewEntity.has(id) || infos.get(id)!.content.audiences.includes(k)));
}

/** Beyond this many distinct answer patterns a definition is not searched further (10 questions of 10 options). */
const ANSWER_PATTERNS_SEARCHED = 100_000;

/**
 * The answers under which nobody may apply (their items serve no common kind of applicant), or null.
 * Only the questions an item's condition reads decide what is included, and of each only the options
 * that include different items, so the search is over those patterns, not every combination.
 */
export function answersWithoutApplicant(def: MatterDefinition, infos: Map<string, MatterItemInfo>): Record<string, string> | null {
  const deciding = def.questions.filter((q) => def.items.some((i) => i.when?.question === q.key)).map((q) => {
    const byEffect = new Map<string, string>();
    for (const o of q.options) {
      const effect = def.items.map((i) => (i.when?.question === q.key && !i.when.anyOf.includes(o.value) ? '0' : '1')).join('');
      if (!byEffect.has(effect)) byEffect.set(effect, o.value);
    }
    return { key: q.key, values: [...byEffect.values()] };
  });
  const patterns = deciding.reduce((n, q) => n * q.values.length, 1);
  if (patterns > ANSWER_PATTERNS_SEARCHED) return null;
  for (let n = 0; n < patterns; n++) {
    const answers: Record<string, string> = {};
    let rest = n;
    for (const q of deciding) { answers[q.key] = q.values[rest % q.values.length]!; rest = Math.floor(rest / q.values.length); }
    const includedIds = def.items.filter((i) => !i.when || i.when.anyOf.includes(answers[i.when.question] ?? '')).map((i) => i.itemId);
    if (includedIds.length && kindsOf(def, infos, includedIds).length === 0) return answers;
  }
  return null;
}
