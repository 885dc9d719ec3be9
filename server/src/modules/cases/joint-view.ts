import { formView } from './forms.ts';
import { snapshotOf } from './joint-snapshot.ts';

/**
 * How a joint parent's detail shows its matter: the checklist and form the applicant's answers
 * produced, each material with the departments whose items need it (each pre-reviews only its own).
 */
export function jointChecklistOf(c: { matter: unknown }) {
  const s = snapshotOf(c);
  const departmentOf = new Map(s.items.map((i) => [i.itemId, i.departmentId]));
  return s.checklist.map((m) => ({ ...m, departmentIds: [...new Set(m.sources.map((x) => departmentOf.get(x.itemId)!))] }));
}

export const jointFormOf = (c: { matter: unknown }) => formView(snapshotOf(c).fields);

export function jointMatterView(c: { matter: unknown }) {
  const s = snapshotOf(c);
  return {
    matterId: s.matterId, key: s.key, version: s.version, name: s.name, nameEn: s.nameEn,
    leadDepartmentId: s.leadDepartmentId, denialRule: s.denialRule, answers: s.answers,
    items: s.items.map((i) => ({ itemId: i.itemId, name: i.name, nameEn: i.nameEn, departmentId: i.departmentId, departmentName: i.departmentName })),
  };
}
