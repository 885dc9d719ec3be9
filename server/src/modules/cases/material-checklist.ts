import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import type { Tx } from '../../db/database.ts';
import { authorize, caseDepartments, materialCheckPolicy, type Actor } from '../../policies/index.ts';
import * as items from '../items/items.repository.ts';
import type { ItemContent } from '../items/items.schemas.ts';
import { materialFilesUsable } from './applicants.ts';
import * as repo from './cases.repository.ts';
import { snapshotOf } from './joint-snapshot.ts';
import { materialsProducedWithinMatter } from './joint-produced.ts';
import * as checks from './material-checklist.repository.ts';
import type { ChecklistBody } from './material-checklist.schemas.ts';
import { checkLicenceRefs, requiredJointEntries, requiredMaterials } from './materials-check.ts';
import { assertWindowServes } from './window-scope.ts';

/**
 * The counter's material checklist (issue 10): the window clerk records each material of a case as
 * received (original, copy, e-licence) or missing before acceptance, and `accept` by the window
 * needs every required material received. A material counts as received when the clerk recorded it
 * so, or, with nothing recorded, when the application carried it (an uploaded file or a named
 * e-licence: an online application is received electronically). A record of `missing` overrides an
 * upload (the clerk found it wrong or unreadable).
 */

const caseStream = (id: string) => `case:${id}`;
const OPEN_FOR_CHECK = ['submitted', 'supplement_requested'];

interface ListedMaterial {
  key: string; name: string; requirement: string; condition?: string | undefined; originalOrCopy: string; copies: number;
  eLicenceAccepted: boolean; eLicenceTypes?: string[] | undefined;
}

/** Every material of the case (its item version, or a joint case's checklist) and the keys its form makes required. */
async function materialsOf(db: Tx | AppContext['db'], c: repo.CaseRow): Promise<{ all: ListedMaterial[]; required: Set<string> }> {
  const form = (c.form ?? {}) as Record<string, string>;
  if (c.kind === 'joint') {
    const s = snapshotOf(c);
    const contents = new Map<string, ItemContent>();
    for (const i of s.items) contents.set(i.itemId, (await items.getVersion(db, i.itemId, i.itemVersion))!.content as ItemContent);
    // A material a prerequisite item of the matter issues is never asked for (it comes from within the matter).
    const produced = materialsProducedWithinMatter(s.prerequisites, s.items.map((i) => i.itemId), s.checklist);
    return { all: s.checklist, required: new Set(requiredJointEntries(s.checklist, s.fields, contents, form).map((m) => m.key).filter((k) => !produced.has(k))) };
  }
  const content = (await items.getVersion(db, c.item_id!, c.item_version!))!.content as ItemContent;
  return { all: content.materials, required: new Set(requiredMaterials(content.materials, form).map((m) => m.key)) };
}

async function stateOf(db: Tx | AppContext['db'], c: repo.CaseRow) {
  const [{ all, required }, files, licences, recorded] = await Promise.all([
    materialsOf(db, c), checks.listMaterialFiles(db, c.id), checks.listLicences(db, c.id), checks.listChecks(db, c.id),
  ]);
  const checkOf = new Map(recorded.map((r) => [r.material_key, r]));
  // The latest round's reference is the one in force.
  const licenceOf = new Map(licences.map((l) => [l.material_key, { type: l.licence_type, number: l.licence_no }]));
  const received = (key: string) => {
    const check = checkOf.get(key);
    if (check) return check.state !== 'missing';
    return files.some((f) => f.material_key === key) || licenceOf.has(key);
  };
  const missing = all.filter((m) => required.has(m.key) && !received(m.key));
  return { all, required, files, licenceOf, checkOf, received, missing };
}

/**
 * The acceptance guard: refuses (409 MATERIALS_NOT_RECEIVED, naming each) the window's `accept`
 * while a required material is not received. Ordinary and joint cases only: a part is accepted with
 * its parent, and the upper case of a reported case was checked at the level that received it.
 */
export async function assertMaterialsReceived(tx: Tx, c: repo.CaseRow) {
  if (c.kind !== 'single' && c.kind !== 'joint') return;
  const { missing } = await stateOf(tx, c);
  if (missing.length) throw errors.MATERIALS_NOT_RECEIVED({ names: missing.map((m) => m.name), keys: missing.map((m) => m.key), details: { missing: missing.map((m) => m.key) } });
}

async function loadCase(db: Tx | AppContext['db'], who: Actor | null, caseId: string, action: 'read' | 'record', lock?: Tx) {
  if (!who) throw UNAUTHENTICATED();
  authorize(materialCheckPolicy, who, action);
  const c = lock ? await repo.lockCase(lock, caseId) : await repo.getCase(db, caseId);
  if (!c) throw NOT_FOUND({ zh: '办件', en: 'Case' });
  authorize(materialCheckPolicy, who, action, c);
  return c;
}

/** The checklist as the workbench shows it: each material, its files (for the preview), the application's e-licence, the record, received or not. */
export async function readChecklist(ctx: AppContext, who: Actor | null, caseId: string) {
  const c = await loadCase(ctx.db, who, caseId, 'read');
  return viewOf(ctx.db, c, who!);
}

async function viewOf(db: Tx | AppContext['db'], c: repo.CaseRow, who: Actor) {
  const s = await stateOf(db, c);
  return {
    caseId: c.id,
    editable: OPEN_FOR_CHECK.includes(c.status) && materialCheckPolicy.can(who, 'record', c),
    materials: s.all.map((m) => {
      const check = s.checkOf.get(m.key);
      return {
        key: m.key, name: m.name, requirement: m.requirement, condition: m.condition ?? null, required: s.required.has(m.key),
        originalOrCopy: m.originalOrCopy, copies: m.copies, eLicenceAccepted: m.eLicenceAccepted,
        files: s.files.filter((f) => f.material_key === m.key).map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: Number(f.size), url: `/api/files/${f.id}` })),
        eLicence: s.licenceOf.get(m.key) ?? null,
        check: check ? {
          state: check.state, eLicence: check.licence_type && check.licence_no ? { type: check.licence_type, number: check.licence_no } : null,
          note: check.note, by: check.checked_by_name, at: check.checked_at.toISOString(),
        } : null,
        received: s.received(m.key),
      };
    }),
    missing: s.missing.map((m) => m.key),
  };
}

/**
 * The window records what it received of each listed material (the others stay as they were), in
 * one transaction with the audit event `case.materials_checked` (who, when, what). A scan the clerk
 * uploaded (`fileId`) is attached to the material. Refused after acceptance: the checklist is what
 * acceptance was judged on.
 */
export async function recordChecklist(ctx: AppContext, who: Actor | null, caseId: string, body: ChecklistBody) {
  await ctx.db.transaction().execute(async (tx) => {
    const c = await loadCase(tx, who, caseId, 'record', tx);
    for (const d of caseDepartments(c)) await assertWindowServes(tx, who!, d);
    if (!OPEN_FOR_CHECK.includes(c.status)) throw errors.MATERIAL_CHECK_CLOSED();
    const { all, licenceOf } = await stateOf(tx, c);
    const byKey = new Map(all.map((m) => [m.key, m]));
    const unknown = body.items.find((i) => !byKey.has(i.key));
    if (unknown) throw errors.MATERIAL_UNKNOWN({ material: unknown.key, field: 'items' });
    const rows: checks.CheckRow[] = body.items.map((i) => {
      const m = byKey.get(i.key)!;
      if (i.state !== 'e_licence') return { key: i.key, state: i.state, licenceType: null, licenceNo: null, note: i.note ?? '' };
      const licence = i.eLicence ?? licenceOf.get(i.key);
      if (!m.eLicenceAccepted) throw errors.MATERIAL_ELICENCE_REFUSED({ material: m.name, key: m.key, field: 'items', details: { material: m.key } });
      if (!licence) throw errors.ELICENCE_NUMBER_REQUIRED({ material: m.name, key: m.key, field: 'items' });
      checkLicenceRefs([m], [{ key: i.key, eLicence: licence }]);
      return { key: i.key, state: i.state, licenceType: licence.type, licenceNo: licence.number, note: i.note ?? '' };
    });
    const scans = body.items.flatMap((i) => (i.fileId ? [{ key: i.key, fileId: i.fileId }] : []));
    await materialFilesUsable(ctx, who!, scans.map((s) => s.fileId));
    const now = ctx.clock.now();
    await repo.insertMaterials(tx, c.id, scans, c.supplement_rounds, now);
    await checks.upsertChecks(tx, c.id, rows, who!.id, now);
    await appendAudit(tx, {
      stream: caseStream(c.id), action: 'case.materials_checked', actorId: who!.id, at: now,
      data: { items: rows.map((r) => ({ key: r.key, state: r.state, ...(r.licenceNo ? { eLicence: { type: r.licenceType, number: r.licenceNo } } : {}) })), scans: scans.map((s) => s.key) },
    });
    // Issue 12: the e-licences recorded are checked against the library by its listener (a refusal writes nothing).
    const items = rows.map((r) => ({ key: r.key, state: r.state, ...(r.licenceType && r.licenceNo ? { eLicence: { type: r.licenceType, number: r.licenceNo } } : {}) }));
    await ctx.events.emit(tx, ctx, 'case.materials_checked', { before: c, action: 'materials_checked', data: { to: c.status, items }, actorId: who!.id, at: now, today: chinaDate(now) });
  });
  const c = (await repo.getCase(ctx.db, caseId))!;
  return viewOf(ctx.db, c, who!);
}
