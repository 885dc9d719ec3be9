import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import type { Db, Tx } from '../../db/database.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { findCenter } from '../org/org.repository.ts';
import * as repo from './items.repository.ts';
import type { AcrossRegions, ItemContent } from './items.schemas.ts';

/**
 * 通办 across levels and regions (issue 17, docs/network.md). An item's `acrossRegions` says where
 * else than at its own center an application may be handed in and the result collected: `none` (the
 * default) nowhere else, `province` at any center of the same province (the first two digits of the
 * GB/T 2260 code, the same prefix test as policies/scope.ts), `nationwide` at any center.
 */
export const acrossRegionsOf = (content: Pick<ItemContent, 'acrossRegions'>): AcrossRegions => content.acrossRegions ?? 'none';

/** Whether a center may receive (or hand out) the applications of an item decided at `deciding`. */
export function centerInScope(scope: AcrossRegions, deciding: { id: string; region_code: string }, center: { id: string; region_code: string }): boolean {
  if (center.id === deciding.id) return true;
  if (scope === 'nationwide') return true;
  if (scope === 'province') return center.region_code.slice(0, 2) === deciding.region_code.slice(0, 2);
  return false;
}

/** The region prefix of the centers an item may be applied at ('' for every center, null: its own center only). */
const prefixOf = (scope: AcrossRegions, region: string) => (scope === 'nationwide' ? '' : scope === 'province' ? region.slice(0, 2) : null);

export interface TongbanCenters { receivedAt: string | null; deliveryAt: string | null }

/**
 * The receiving and collecting centers of a new case, checked against the item's scope; each is null
 * when it is the deciding center itself (the case is an ordinary one there). Refused with nothing
 * written: an unknown center (400 TONGBAN_CENTER_UNKNOWN), an item that allows no 通办 (409
 * TONGBAN_NOT_ALLOWED), a center outside the scope (409 TONGBAN_OUT_OF_SCOPE).
 */
export async function checkTongban(db: Db | Tx, content: ItemContent, decidingCenterId: string, asked: { receivingCenterId?: string | undefined; deliveryCenterId?: string | undefined }): Promise<TongbanCenters> {
  const wanted = { receivingCenterId: asked.receivingCenterId, deliveryCenterId: asked.deliveryCenterId };
  const elsewhere = Object.entries(wanted).filter(([, id]) => id && id !== decidingCenterId) as Array<[keyof typeof wanted, string]>;
  if (elsewhere.length === 0) return { receivedAt: null, deliveryAt: null };
  const deciding = (await findCenter(db, decidingCenterId))!;
  const scope = acrossRegionsOf(content);
  for (const [field, id] of elsewhere) {
    const center = await findCenter(db, id);
    if (!center) throw errors.TONGBAN_CENTER_UNKNOWN({ field });
    if (scope === 'none' || content.processingMode === 'joint' || content.processingMode === 'reported') throw errors.TONGBAN_NOT_ALLOWED({ field: 'itemId' });
    if (!centerInScope(scope, deciding, center)) throw errors.TONGBAN_OUT_OF_SCOPE({ scope, field });
  }
  const pick = (id: string | undefined) => (id && id !== decidingCenterId ? id : null);
  return { receivedAt: pick(wanted.receivingCenterId), deliveryAt: pick(wanted.deliveryCenterId) };
}

async function inForce(ctx: AppContext, itemId: string) {
  const item = await repo.getItem(ctx.db, itemId);
  if (!item || item.hall_status !== 'in_hall' || item.latest_version === 0) return null;
  const version = await repo.versionInForce(ctx.db, itemId, chinaDate(ctx.clock.now()));
  return version ? { item, content: version.content as ItemContent } : null;
}

const centerView = (c: { id: string; name: string; name_en: string | null; region_code: string; kind: string }) =>
  ({ id: c.id, name: c.name, nameEn: c.name_en, regionCode: c.region_code, kind: c.kind as 'center' | 'service_point' });

/** An item's 通办 scope and the centers where its applications may be handed in and collected (the public's choice). */
export async function tongbanCenters(ctx: AppContext, itemId: string) {
  const found = await inForce(ctx, itemId);
  if (!found) throw NOT_FOUND({ zh: '事项', en: 'Item' });
  const deciding = (await findCenter(ctx.db, found.item.center_id))!;
  const scope = acrossRegionsOf(found.content);
  const prefix = prefixOf(scope, deciding.region_code);
  const centers = prefix === null ? [deciding] : await repo.centersUnder(ctx.db, prefix, 1000);
  return { acrossRegions: scope, decidingCenterId: deciding.id, centers: centers.map(centerView) };
}

/**
 * The implementations of a basic code an applicant standing at `centerId` may apply through: the
 * center's own, and those of other centers whose 通办 scope reaches it (each in the hall, with a
 * version in force). The applicant then applies with `receivingCenterId: centerId`.
 */
export async function implementationsAt(ctx: AppContext, basicCode: string, centerId: string) {
  const here = await findCenter(ctx.db, centerId);
  if (!here) throw NOT_FOUND({ zh: '中心', en: 'Center' });
  const rows = await repo.hallItemsWithBasicCode(ctx.db, basicCode);
  const out = [];
  for (const r of rows) {
    const found = await inForce(ctx, r.id);
    if (!found) continue;
    const scope = acrossRegionsOf(found.content);
    if (!centerInScope(scope, { id: r.center_id, region_code: r.region_code }, here)) continue;
    out.push({
      itemId: r.id, name: r.name, nameEn: r.name_en, level: r.level, centerId: r.center_id, centerName: r.center_name, centerNameEn: r.center_name_en,
      regionCode: r.region_code, departmentName: r.department_name, promisedLimitDays: r.promised_limit_days, acrossRegions: scope, local: r.center_id === here.id,
    });
  }
  return { basicCode, centerId: here.id, implementations: out };
}
