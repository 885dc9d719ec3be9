import { appendAudit, streamOf } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import type { Db, Tx } from '../../db/database.ts';
import { authorize, matterPolicy, requirePermission, type Actor } from '../../policies/index.ts';
import { formFieldsOf, formView } from '../cases/forms.ts';
import * as itemsRepo from '../items/items.repository.ts';
import type { ItemContent } from '../items/items.schemas.ts';
import { JOINT_STATUTORY_DAYS, matterDefinition, type MatterBody, type MatterDefinition } from './joint.schemas.ts';
import * as repo from './joint.repository.ts';
import { answersWithoutApplicant, checkAnswers, merge, type MatterItemInfo } from './merge.ts';
import { validatePrerequisites } from './prerequisites.ts';
import { materialsProducedWithinMatter } from '../cases/joint-produced.ts';

/**
 * Joint matters (联办事项 · 一件事) as the center's manager defines them, and as the portal shows them:
 * the questions, the items they include, and the checklist and merged form an applicant's answers give.
 */
const matterNotFound = () => NOT_FOUND({ zh: '联办事项', en: 'Joint matter' });
const bi = (zh: string, en?: string | null) => ({ zh, en: en || zh });

/** The items' versions in force today with their departments, for merging; every item must be in the hall. */
export async function itemInfos(db: Db | Tx, def: MatterDefinition, centerId: string, today: string): Promise<Map<string, MatterItemInfo>> {
  const rows = await repo.itemsWithDepartments(db, def.items.map((i) => i.itemId));
  const infos = new Map<string, MatterItemInfo>();
  for (const [n, i] of def.items.entries()) {
    const row = rows.find((r) => r.id === i.itemId);
    const version = row && row.center_id === centerId && row.hall_status === 'in_hall' ? await itemsRepo.versionInForce(db, i.itemId, today) : undefined;
    if (!row || !version) {
      throw errors.MATTER_ITEM_UNAVAILABLE({ field: `definition.items.${n}.itemId` });
    }
    infos.set(i.itemId, {
      itemId: row.id, itemVersion: version.version, name: row.name, nameEn: row.name_en, departmentId: row.department_id,
      departmentName: row.department_name, departmentNameEn: row.department_name_en, content: version.content as ItemContent,
    });
  }
  return infos;
}

/** What a definition must hold beyond its shape: questions, items and mappings that name real things. */
async function validate(db: Db | Tx, body: MatterBody, centerId: string, today: string) {
  const def = body.definition;
  const ids = def.items.map((i) => i.itemId);
  if (new Set(ids).size !== ids.length) throw errors.MATTER_ITEM_DUPLICATE({ field: 'definition.items' });
  const infos = await itemInfos(db, def, centerId, today);
  if (![...infos.values()].some((i) => i.departmentId === body.leadDepartmentId)) {
    throw errors.LEAD_NOT_INVOLVED({ field: 'leadDepartmentId' });
  }
  def.items.forEach((i, n) => {
    if (!i.when) return;
    const q = def.questions.find((x) => x.key === i.when!.question);
    const bad = !q || i.when.anyOf.some((v) => !q.options.some((o) => o.value === v));
    if (bad) throw errors.MATTER_CONDITION_INVALID({ field: `definition.items.${n}.when` });
  });
  def.sharedFields.forEach((f, n) => f.sources.forEach((s, k) => {
    const info = infos.get(s.itemId);
    if (!info || !formFieldsOf(info.content).some((x) => x.key === s.field)) {
      throw errors.MATTER_SOURCE_INVALID({ shared: 'field', field: `definition.sharedFields.${n}.sources.${k}` });
    }
  }));
  def.sharedMaterials.forEach((m, n) => m.sources.forEach((s, k) => {
    const info = infos.get(s.itemId);
    if (!info || !info.content.materials.some((x) => x.key === s.material)) {
      throw errors.MATTER_SOURCE_INVALID({ shared: 'material', field: `definition.sharedMaterials.${n}.sources.${k}` });
    }
  }));
  const keys = [...def.sharedFields.map((f) => f.key), ...def.sharedMaterials.map((m) => m.key)];
  if (keys.some((k) => /^i\d+_/.test(k)) || new Set(def.sharedFields.map((f) => f.key)).size !== def.sharedFields.length || new Set(def.sharedMaterials.map((m) => m.key)).size !== def.sharedMaterials.length) {
    throw errors.MATTER_KEY_INVALID({ field: 'definition' });
  }
  validatePrerequisites(def, infos);
  // 服务对象: every answer must leave someone who may apply (an item for persons only beside one for enterprises only does not).
  const nobody = answersWithoutApplicant(def, infos);
  if (nobody) throw errors.MATTER_NO_APPLICANT({ field: 'definition.items', details: { answers: nobody } });
  return infos;
}

function summaryOf(m: repo.MatterRow) {
  const def = m.definition as MatterDefinition;
  return {
    id: m.id, key: m.key, name: m.name, nameEn: m.name_en, lifeEvent: m.life_event, description: def.description ?? '', descriptionEn: def.descriptionEn ?? null,
    centerId: m.center_id, centerName: m.center_name, centerNameEn: m.center_name_en, leadDepartment: { id: m.lead_department_id, name: m.lead_name, nameEn: m.lead_name_en },
    itemCount: def.items.length,
  };
}

export async function listPublished(ctx: AppContext, f: { centerId?: string; lifeEvent?: string }) {
  return { matters: (await repo.listPublished(ctx.db, f)).map(summaryOf) };
}

export async function publishedMatter(ctx: AppContext, by: { id: string } | { centerId: string; key: string }) {
  const m = 'id' in by ? await repo.getMatter(ctx.db, by.id) : await repo.findMatterByKey(ctx.db, by.centerId, by.key);
  if (!m) throw matterNotFound();
  authorize(matterPolicy, null, 'read', m);
  return m;
}

export async function matterView(ctx: AppContext, m: repo.MatterRow) {
  const def = m.definition as MatterDefinition;
  const rows = await repo.itemsWithDepartments(ctx.db, def.items.map((i) => i.itemId));
  return {
    ...summaryOf(m), promisedDays: def.promisedDays, statutoryDays: JOINT_STATUTORY_DAYS, denialRule: def.denialRule,
    prerequisiteDenial: def.prerequisiteDenial ?? 'terminate_dependents',
    questions: def.questions.map((q) => ({ key: q.key, label: bi(q.label, q.labelEn), options: q.options.map((o) => ({ value: o.value, label: bi(o.label, o.labelEn) })) })),
    items: def.items.map((i) => {
      const r = rows.find((x) => x.id === i.itemId);
      return { itemId: i.itemId, name: r?.name ?? '', nameEn: r?.name_en ?? null, departmentName: r?.department_name ?? '', departmentNameEn: r?.department_name_en ?? null, when: i.when ?? null,
        requires: (def.prerequisites ?? []).filter((p) => p.itemId === i.itemId).map((p) => p.requires) };
    }),
  };
}

/** The tailored checklist and merged form for a set of answers. */
export async function checklistFor(ctx: AppContext | { db: Db | Tx; today: string }, m: repo.MatterRow, answers: Record<string, string>) {
  const def = m.definition as MatterDefinition;
  checkAnswers(def, answers);
  const today = 'clock' in ctx ? chinaDate(ctx.clock.now()) : ctx.today;
  const infos = await itemInfos(ctx.db, def, m.center_id, today);
  return { def, merged: merge(def, infos, answers) };
}

export function checklistView(merged: ReturnType<typeof merge>, def?: MatterDefinition) {
  const names = new Map(merged.included.map((i) => [i.itemId, i.name]));
  // What the matter itself will issue is shown with the item that issues it, not asked for.
  const produced = materialsProducedWithinMatter(def?.prerequisites, merged.included.map((i) => i.itemId), merged.checklist);
  return {
    items: merged.included.map((i) => ({ itemId: i.itemId, name: i.name, nameEn: i.nameEn, departmentId: i.departmentId, departmentName: i.departmentName, departmentNameEn: i.departmentNameEn ?? null, promisedDays: i.promisedDays })),
    // The names of the items a field or an upload serves, each once (a field may stand for two fields of one item).
    fields: merged.fields.map((f) => ({ ...formView([f])[0]!, items: [...new Set(f.sources.map((s) => names.get(s.itemId) ?? ''))] })),
    materials: merged.checklist.map(({ sources, ...m }) => ({
      ...m, items: [...new Set(sources.map((s) => names.get(s.itemId) ?? ''))],
      ...(produced.has(m.key) ? { producedWithin: produced.get(m.key)!.map((id) => names.get(id) ?? '') } : {}),
    })),
    counts: merged.counts,
    applicantKinds: merged.applicantKinds,
  };
}

// ---- the manager's side ----

function adminRow(m: repo.MatterRow) {
  return { ...summaryOf(m), status: m.status, version: m.version, rowVersion: m.row_version, updatedAt: m.updated_at.toISOString(), leadDepartmentId: m.lead_department_id, definition: m.definition };
}

export async function listForManager(ctx: AppContext, who: Actor | null) {
  const me = requirePermission(who, 'joint.manage');
  return { matters: (await repo.listForCenter(ctx.db, me.centerId)).map(adminRow) };
}

async function ownMatter(ctx: AppContext, who: Actor | null, id: string) {
  const me = requirePermission(who, 'joint.manage');
  const m = await repo.getMatter(ctx.db, id);
  if (!m) throw matterNotFound();
  authorize(matterPolicy, me, 'manage', m);
  return { me, m };
}

export async function getForManager(ctx: AppContext, who: Actor | null, id: string) {
  return adminRow((await ownMatter(ctx, who, id)).m);
}

export async function createMatter(ctx: AppContext, who: Actor | null, body: MatterBody) {
  const me = requirePermission(who, 'joint.manage');
  const now = ctx.clock.now();
  await validate(ctx.db, body, me.centerId, chinaDate(now));
  const id = await ctx.db.transaction().execute(async (tx) => {
    const newId = await repo.insertMatter(tx, {
      centerId: me.centerId, key: body.key, name: body.name, nameEn: body.nameEn ?? null, lifeEvent: body.lifeEvent ?? null,
      leadDepartmentId: body.leadDepartmentId, definition: matterDefinition.parse(body.definition), by: me.id, now,
    });
    if (newId) await appendAudit(tx, { stream: streamOf('matter', newId), action: 'matter.created', actorId: me.id, at: now, data: { key: body.key } });
    return newId;
  });
  if (!id) throw errors.MATTER_KEY_TAKEN({ field: 'key' });
  return getForManager(ctx, who, id);
}

export async function updateMatter(ctx: AppContext, who: Actor | null, id: string, body: MatterBody) {
  const { me, m } = await ownMatter(ctx, who, id);
  const now = ctx.clock.now();
  await validate(ctx.db, body, me.centerId, chinaDate(now));
  await ctx.db.transaction().execute(async (tx) => {
    const row = (await repo.lockMatter(tx, id))!;
    if (body.rowVersion !== undefined && body.rowVersion !== row.row_version) throw staleMatter();
    // A published matter edited goes back to draft as its next version: the portal keeps showing nothing half-made.
    const ok = await repo.updateMatter(tx, id, row.row_version, {
      name: body.name, name_en: body.nameEn ?? null, life_event: body.lifeEvent ?? null, lead_department_id: body.leadDepartmentId, key: body.key,
      definition: JSON.stringify(matterDefinition.parse(body.definition)), status: 'draft', version: row.status === 'published' ? row.version + 1 : row.version,
      updated_by: me.id, updated_at: now,
    });
    if (!ok) throw staleMatter();
    await appendAudit(tx, { stream: streamOf('matter', id), action: 'matter.updated', actorId: me.id, at: now, data: { from: m.status } });
  });
  return getForManager(ctx, who, id);
}

const staleMatter = () => errors.MATTER_STALE();

export async function setMatterStatus(ctx: AppContext, who: Actor | null, id: string, status: 'published' | 'withdrawn') {
  const { me, m } = await ownMatter(ctx, who, id);
  const now = ctx.clock.now();
  // Publishing checks the definition again against the items in force today.
  if (status === 'published') {
    await validate(ctx.db, { key: m.key, name: m.name, leadDepartmentId: m.lead_department_id, definition: matterDefinition.parse(m.definition) }, me.centerId, chinaDate(now));
  }
  await ctx.db.transaction().execute(async (tx) => {
    const row = (await repo.lockMatter(tx, id))!;
    if (!(await repo.updateMatter(tx, id, row.row_version, { status, updated_by: me.id, updated_at: now }))) throw staleMatter();
    await appendAudit(tx, { stream: streamOf('matter', id), action: `matter.${status}`, actorId: me.id, at: now, data: { version: row.version } });
  });
  return getForManager(ctx, who, id);
}
