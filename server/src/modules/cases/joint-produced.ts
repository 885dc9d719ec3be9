import type { ChecklistEntry, Prerequisite } from './joint-snapshot.ts';

/**
 * Which materials of a joint checklist are produced within the matter: the result of a prerequisite
 * item (the business licence of the company registration) stands for a material of the item that
 * waits for it, so the applicant is never asked to upload what the matter itself will issue. An
 * entry is produced when every item material it stands for is covered by a prerequisite whose item
 * is included too. Pure, for the checklist view, the submission's material check and the counter.
 *
 * Returns checklist key → the ids of the items whose results stand for it.
 */
export function materialsProducedWithinMatter(
  prerequisites: readonly Prerequisite[] | undefined,
  includedItemIds: readonly string[],
  checklist: readonly Pick<ChecklistEntry, 'key' | 'sources'>[],
): Map<string, string[]> {
  const included = new Set(includedItemIds);
  const applicable = (prerequisites ?? []).filter((p) => included.has(p.itemId) && included.has(p.requires));
  const out = new Map<string, string[]>();
  for (const entry of checklist) {
    if (!entry.sources.length) continue;
    const producers = new Set<string>();
    const covered = entry.sources.every((s) => {
      const by = applicable.filter((p) => p.itemId === s.itemId && p.materials.includes(s.key));
      by.forEach((p) => producers.add(p.requires));
      return by.length > 0;
    });
    if (covered) out.set(entry.key, [...producers]);
  }
  return out;
}

/** The prerequisites that apply to a set of included items (both ends included). */
export function applicablePrerequisites(prerequisites: readonly Prerequisite[] | undefined, includedItemIds: readonly string[]): Prerequisite[] {
  const included = new Set(includedItemIds);
  return (prerequisites ?? []).filter((p) => included.has(p.itemId) && included.has(p.requires)).map((p) => ({ itemId: p.itemId, requires: p.requires, materials: [...p.materials] }));
}
