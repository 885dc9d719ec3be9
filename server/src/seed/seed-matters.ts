import { appendAudit, streamOf } from '../lib/audit.ts';
import type { AppContext } from '../lib/context.ts';
import { chinaDate } from '../lib/clock.ts';
import * as items from '../modules/items/items.repository.ts';
import type { ItemContent } from '../modules/items/items.schemas.ts';
import { matterDefinition } from '../modules/joint/joint.schemas.ts';
import * as joint from '../modules/joint/joint.repository.ts';
import { formFieldsOf } from '../modules/cases/forms.ts';
import { DEMO_MATTERS } from './demo-matters.ts';

/**
 * The demo joint matters, published, resolved from demo keys and field labels to the seeded items'
 * ids and field keys. A matter already there is left as it is (idempotent).
 */
export async function seedMatters(ctx: AppContext, centerId: string, itemIds: Map<string, string>, departmentIds: Map<string, { id: string }>) {
  let created = 0;
  const today = chinaDate(ctx.clock.now());
  for (const m of DEMO_MATTERS) {
    const content = new Map<string, ItemContent>();
    for (const i of m.items) {
      const id = itemIds.get(i.item);
      const v = id ? await items.versionInForce(ctx.db, id, today) ?? await items.getVersion(ctx.db, id, 1) : undefined;
      if (!id || !v) throw new Error(`demo matter ${m.key}: item ${i.item} not seeded`);
      content.set(i.item, v.content as ItemContent);
    }
    const fieldKey = (item: string, label: string) => {
      const f = formFieldsOf(content.get(item)!).find((x) => x.label === label);
      if (!f) throw new Error(`demo matter ${m.key}: ${item} has no field ${label}`);
      return f.key;
    };
    const definition = matterDefinition.parse({
      description: m.description, descriptionEn: m.descriptionEn, promisedDays: m.promisedDays, denialRule: m.denialRule,
      questions: m.questions,
      items: m.items.map((i) => ({ itemId: itemIds.get(i.item)!, ...(i.when ? { when: i.when } : {}) })),
      sharedFields: m.fields.map((f) => ({
        key: f.key, label: f.label, labelEn: f.labelEn, type: 'text', required: f.required,
        sources: f.sources.map(([item, label]) => ({ itemId: itemIds.get(item)!, field: fieldKey(item, label) })),
      })),
      sharedMaterials: m.materials.map((x) => ({
        key: x.key, name: x.name,
        sources: x.sources.map(([item, material]) => {
          if (!content.get(item)!.materials.some((mm) => mm.key === material)) throw new Error(`demo matter ${m.key}: ${item} has no material ${material}`);
          return { itemId: itemIds.get(item)!, material };
        }),
      })),
      prerequisites: (m.prerequisites ?? []).map((p) => {
        for (const k of p.materials) if (!content.get(p.item)?.materials.some((mm) => mm.key === k)) throw new Error(`demo matter ${m.key}: ${p.item} has no material ${k}`);
        return { itemId: itemIds.get(p.item)!, requires: itemIds.get(p.requires)!, materials: p.materials };
      }),
      ...(m.prerequisiteDenial ? { prerequisiteDenial: m.prerequisiteDenial } : {}),
    });
    const now = ctx.clock.now();
    await ctx.db.transaction().execute(async (tx) => {
      const id = await joint.insertMatter(tx, {
        centerId, key: m.key, name: m.name, nameEn: m.nameEn, lifeEvent: m.lifeEvent, leadDepartmentId: departmentIds.get(m.lead)!.id,
        definition, by: null, now, status: 'published',
      });
      if (!id) return;
      created++;
      await appendAudit(tx, { stream: streamOf('matter', id), action: 'matter.published', actorId: null, at: now, data: { source: 'demo seed' } });
    });
  }
  return created;
}
