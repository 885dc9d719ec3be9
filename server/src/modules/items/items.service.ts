import { appendAudit, streamOf } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import type { Tx } from '../../db/database.ts';
import { findFilesByIds } from '../files/files.repository.ts';
import { authorize, itemPolicy, itemRequestPolicy, requirePermission, type Actor, type ItemAction } from '../../policies/index.ts';
import { buildBasicCode, buildImplementationCode } from './item-codes.ts';
import { assertLevelWithinCenter } from './item-level.ts';
import { assertBasicCodeMeansOneItem } from './basic-items.ts';
import { assertAwardFieldKept } from './award-requirement.ts';
import * as repo from './items.repository.ts';
import type { ItemContent, ItemIdentity, ItemLevel } from './items.schemas.ts';
import { documentTokens } from './search.ts';

const ITEM = { zh: '事项', en: 'Item' };
const itemNotFound = () => NOT_FOUND(ITEM);

/** Locks the item for the rest of the transaction and checks that the actor may act on it (its center, its department). */
async function lockOwnItem(tx: Tx, actor: Actor, id: string, action: ItemAction) {
  const item = await repo.lockItem(tx, id);
  if (!item) throw itemNotFound();
  authorize(itemPolicy, actor, action, item);
  return item;
}

async function assertFilesUsable(ctx: AppContext, centerId: string, content: ItemContent) {
  const ids = content.materials.flatMap((m) => [m.templateFileId, m.sampleFileId]).filter((x): x is string => !!x);
  if (ids.length === 0) return;
  const found = await findFilesByIds(ctx.db, [...new Set(ids)]);
  const usable = new Set(found.filter((f) => f.center_id === centerId || f.center_id === null).map((f) => f.id));
  const missing = ids.find((id) => !usable.has(id));
  if (missing) {
    throw errors.FILE_NOT_FOUND({ field: 'content.materials', details: { fileId: missing } });
  }
}

/** 上报件: the deciding item must exist and be another item, and the item must say it is reported. */
async function assertReportTarget(ctx: AppContext, content: ItemContent, selfId?: string) {
  if (!content.reportTo) return;
  if (content.processingMode !== 'reported') {
    throw errors.REPORT_NEEDS_REPORTED_MODE({ field: 'content.processingMode' });
  }
  const target = content.reportTo.itemId === selfId ? undefined : await repo.getItem(ctx.db, content.reportTo.itemId);
  if (!target) throw errors.REPORT_TARGET_UNKNOWN({ field: 'content.reportTo.itemId' });
}

async function refreshSearch(tx: Tx, id: string, content: ItemContent, codes: { basic_code: string; implementation_code: string }, departmentName: string) {
  const tokens = documentTokens({ name: content.name, nameEn: content.nameEn, basicCode: codes.basic_code, implementationCode: codes.implementation_code, keywords: [departmentName] });
  await repo.setSearchDocument(tx, id, tokens);
}

export async function createItem(ctx: AppContext, who: Actor | null, identity: ItemIdentity, content: ItemContent) {
  const actor = requirePermission(who, 'catalog.edit');
  const department = await repo.findDepartment(ctx.db, identity.departmentId);
  if (!department) throw errors.DEPARTMENT_UNKNOWN({ field: 'identity.departmentId' });
  authorize(itemPolicy, actor, 'edit', { center_id: department.center_id, department_id: department.id });
  assertLevelWithinCenter(actor, identity.level);
  await assertFilesUsable(ctx, actor.centerId, content);
  await assertReportTarget(ctx, content);
  const basicCode = buildBasicCode(identity);
  const implementationCode = buildImplementationCode(department.credit_code, identity.level, basicCode);
  return ctx.db.transaction().execute((tx) => insertNewItem(ctx, tx, actor, department.id, identity, content, basicCode, implementationCode));
}

/**
 * The writes of a new item inside the caller's transaction (createItem; issue 17's import writes many
 * in one transaction, so a bad row leaves nothing). The caller has checked the department and files.
 */
export async function insertNewItem(ctx: AppContext, tx: Tx, actor: { id: string; centerId: string | null }, departmentId: string, identity: ItemIdentity, content: ItemContent, basicCode: string, implementationCode: string) {
  const now = ctx.clock.now();
  await assertBasicCodeMeansOneItem(tx, { basicCode, type: identity.type, level: identity.level, content });
  const id = await repo.insertItem(tx, {
    centerId: actor.centerId!, departmentId, type: identity.type, level: identity.level,
    codeRegion: identity.codeRegion, codeMain: identity.codeMain, codeSub: identity.codeSub, basicCode, implementationCode,
  }, content, now, 1);
  if (!id) {
    throw errors.ITEM_CODE_EXISTS({ implementationCode, field: 'identity.codeMain' });
  }
  await repo.insertVersion(tx, { itemId: id, version: 1, content, by: actor.id, now });
  await appendAudit(tx, { stream: streamOf('item', id), action: 'item.created', actorId: actor.id, at: now, data: { basicCode, implementationCode, version: 1 } });
  return { id, basicCode, implementationCode };
}

export async function openDraft(ctx: AppContext, who: Actor | null, id: string) {
  const actor = requirePermission(who, 'catalog.edit');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const item = await lockOwnItem(tx, actor, id, 'edit');
    if (item.draft_version) {
      throw errors.DRAFT_EXISTS({ version: item.draft_version });
    }
    const latest = await repo.getVersion(tx, id, item.latest_version);
    if (!latest) throw itemNotFound();
    const version = item.latest_version + 1;
    await repo.insertVersion(tx, { itemId: id, version, content: latest.content as ItemContent, by: actor.id, now });
    await repo.updateItem(tx, id, { draft_version: version, updated_at: now });
    await appendAudit(tx, { stream: streamOf('item', id), action: 'item.draft_opened', actorId: actor.id, at: now, data: { version, from: item.latest_version } });
    return { version };
  });
}

const noDraft = () => errors.NO_DRAFT();

export async function saveDraft(ctx: AppContext, who: Actor | null, id: string, content: ItemContent) {
  const actor = requirePermission(who, 'catalog.edit');
  await assertFilesUsable(ctx, actor.centerId!, content);
  await assertReportTarget(ctx, content, id);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const item = await lockOwnItem(tx, actor, id, 'edit');
    if (!item.draft_version) throw noDraft();
    await assertBasicCodeMeansOneItem(tx, { basicCode: item.basic_code, type: item.type, level: item.level as ItemLevel, content, selfId: id });
    if (!(await repo.updateDraftContent(tx, id, item.draft_version, content, now))) throw noDraft();
    // Before the first publication the draft is all there is, so lists show its name.
    await repo.updateItem(tx, id, item.latest_version === 0 ? { ...repo.denormalised(content), updated_at: now } : { updated_at: now });
    await appendAudit(tx, { stream: streamOf('item', id), action: 'item.draft_saved', actorId: actor.id, at: now, data: { version: item.draft_version } });
    return { version: item.draft_version };
  });
}

export async function discardDraft(ctx: AppContext, who: Actor | null, id: string) {
  const actor = requirePermission(who, 'catalog.edit');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const item = await lockOwnItem(tx, actor, id, 'edit');
    if (!item.draft_version) throw noDraft();
    if (item.latest_version === 0) {
      throw errors.FIRST_DRAFT();
    }
    await repo.deleteDraft(tx, id, item.draft_version);
    await repo.updateItem(tx, id, { draft_version: null, updated_at: now });
    await appendAudit(tx, { stream: streamOf('item', id), action: 'item.draft_discarded', actorId: actor.id, at: now, data: { version: item.draft_version } });
  });
}

export async function publish(ctx: AppContext, who: Actor | null, id: string, validFrom: string) {
  const actor = requirePermission(who, 'catalog.publish');
  const now = ctx.clock.now();
  if (validFrom < chinaDate(now)) {
    throw errors.VALID_FROM_IN_PAST({ field: 'validFrom' });
  }
  return ctx.db.transaction().execute(async (tx) => {
    const item = await lockOwnItem(tx, actor, id, 'publish');
    if (!item.draft_version) throw noDraft();
    const draft = await repo.getVersion(tx, id, item.draft_version);
    if (!draft) throw noDraft();
    // Issue 16: the form field the item's trading-award requirement reads must survive the publication.
    await assertAwardFieldKept(tx, id, draft.content as ItemContent);
    if (!(await repo.markPublished(tx, id, item.draft_version, validFrom, actor.id, now))) throw noDraft();
    const content = draft.content as ItemContent;
    // Checked again as it takes effect: another center may have taken the code since the draft was saved.
    await assertBasicCodeMeansOneItem(tx, { basicCode: item.basic_code, type: item.type, level: item.level as ItemLevel, content, selfId: id });
    await repo.updateItem(tx, id, { ...repo.denormalised(content), latest_version: item.draft_version, draft_version: null, updated_at: now });
    const department = await repo.findDepartment(tx, item.department_id);
    await refreshSearch(tx, id, content, item, department?.name ?? '');
    await appendAudit(tx, { stream: streamOf('item', id), action: 'item.published', actorId: actor.id, at: now, data: { version: item.draft_version, validFrom } });
    return { version: item.draft_version };
  });
}

export async function requestHallChange(ctx: AppContext, who: Actor | null, id: string, kind: 'admission' | 'removal', reason: string) {
  const actor = requirePermission(who, 'catalog.request');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const item = await lockOwnItem(tx, actor, id, 'request');
    if (kind === 'admission') {
      if (item.hall_status === 'in_hall') throw errors.ALREADY_IN_HALL();
      if (item.latest_version === 0) throw errors.NOT_PUBLISHED();
    } else if (item.hall_status !== 'in_hall') {
      throw errors.NOT_IN_HALL();
    }
    const requestId = await repo.insertRequest(tx, { itemId: id, centerId: item.center_id, kind, reason, by: actor.id, now });
    if (!requestId) throw errors.REQUEST_PENDING();
    await appendAudit(tx, { stream: streamOf('item', id), action: `item.${kind}_requested`, actorId: actor.id, at: now, data: { requestId, reason } });
    return { id: requestId };
  });
}

export async function decideRequest(ctx: AppContext, who: Actor | null, requestId: string, approve: boolean, reason: string) {
  const actor = requirePermission(who, 'catalog.decide_request');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const request = await repo.lockRequest(tx, requestId);
    if (!request) throw NOT_FOUND({ zh: '申请', en: 'Request' });
    authorize(itemRequestPolicy, actor, 'read', request);
    if (request.status !== 'pending') throw errors.REQUEST_DECIDED();
    authorize(itemRequestPolicy, actor, 'decide', request);
    const item = await lockOwnItem(tx, actor, request.item_id, 'decide_hall');
    await repo.decideRequest(tx, requestId, { approve, reason, by: actor.id, now });
    if (approve) {
      await repo.updateItem(tx, item.id, { hall_status: request.kind === 'admission' ? 'in_hall' : 'removed', updated_at: now });
    }
    const action = `item.${request.kind}_${approve ? 'approved' : 'rejected'}`;
    await appendAudit(tx, { stream: streamOf('item', item.id), action, actorId: actor.id, at: now, data: { requestId, reason } });
  });
}
