import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { maskIdNumber, maskPhone } from '../../lib/mask.ts';
import { authorize, expertPoolPolicy, requireActor, type Actor } from '../../policies/index.ts';
import * as repo from './experts.repository.ts';

/**
 * The expert pool (评标专家库) of a trading center: experts with specialties, region, employer and
 * availability, their declarations (close relatives, economic interests) and penalties. The ID
 * number is kept whole for identity but never answered in full.
 */
const EXPERT_NOT_FOUND = () => NOT_FOUND({ zh: '专家', en: 'Expert' });

export interface ExpertBody {
  name: string; idNumber: string; phone?: string | undefined; specialties: string[]; regionCode: string;
  employerCode: string; employerName: string; available?: boolean | undefined; userId?: string | undefined;
}

export function expertView(e: repo.ExpertRow) {
  return {
    id: e.id, name: e.name, idNumber: maskIdNumber(e.id_number), phone: e.phone ? maskPhone(e.phone) : null,
    specialties: e.specialties, regionCode: e.region_code, employerCode: e.employer_code, employerName: e.employer_name,
    available: e.available, hasAccount: e.user_id !== null, createdAt: e.created_at.toISOString(),
  };
}

export async function addExpert(ctx: AppContext, who: Actor | null, body: ExpertBody) {
  authorize(expertPoolPolicy, who, 'manage');
  const actor = requireActor(who);
  const now = ctx.clock.now();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const e = await repo.insertExpert(tx, {
      center_id: actor.centerId!, user_id: body.userId ?? null, name: body.name.trim(), id_number: body.idNumber.toUpperCase(),
      phone: body.phone ?? null, specialties: [...new Set(body.specialties)], region_code: body.regionCode,
      employer_code: body.employerCode, employer_name: body.employerName.trim(), available: body.available ?? true, created_at: now,
    });
    if (!e) throw errors.EXPERT_EXISTS({ field: 'idNumber' });
    await appendAudit(tx, { stream: `expert:${e.id}`, action: 'expert.added', actorId: actor.id, at: now, data: { specialties: e.specialties, regionCode: e.region_code } });
    return e;
  });
  return expertView(row);
}

export async function listExperts(ctx: AppContext, who: Actor | null, q: { page: number; pageSize: number }) {
  authorize(expertPoolPolicy, who, 'read');
  const centerId = who!.centerId!;
  const [rows, total] = await Promise.all([
    repo.listExperts(ctx.db, centerId, q.pageSize, (q.page - 1) * q.pageSize), repo.countExperts(ctx.db, centerId),
  ]);
  return { total, page: q.page, pageSize: q.pageSize, experts: rows.map(expertView) };
}

async function loadExpert(ctx: AppContext, who: Actor | null, id: string, action: 'read' | 'manage') {
  authorize(expertPoolPolicy, who, action);
  const e = await repo.findExpert(ctx.db, id);
  if (!e) throw EXPERT_NOT_FOUND();
  authorize(expertPoolPolicy, who, action, { centerId: e.center_id });
  return e;
}

export async function getExpert(ctx: AppContext, who: Actor | null, id: string) {
  const e = await loadExpert(ctx, who, id, 'read');
  const [declarations, penalties] = await Promise.all([repo.declarationsOf(ctx.db, id), repo.penaltiesOf(ctx.db, id)]);
  return {
    ...expertView(e),
    declarations: declarations.map((d) => ({
      id: d.id, kind: d.kind, orgCode: d.org_code, orgName: d.org_name, relativeName: d.relative_name, relation: d.relation, declaredAt: d.declared_at.toISOString(),
    })),
    penalties: penalties.map((p) => ({ id: p.id, imposedOn: p.imposed_on, reason: p.reason })),
  };
}

export interface DeclarationBody { kind: 'relative' | 'interest'; orgCode: string; orgName: string; relativeName?: string | undefined; relation?: string | undefined }

export async function declare(ctx: AppContext, who: Actor | null, id: string, body: DeclarationBody) {
  const e = await loadExpert(ctx, who, id, 'manage');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const d = await repo.insertDeclaration(tx, {
      expert_id: e.id, kind: body.kind, org_code: body.orgCode, org_name: body.orgName.trim(),
      relative_name: body.kind === 'relative' ? body.relativeName!.trim() : null, relation: body.kind === 'relative' ? body.relation!.trim() : null, declared_at: now,
    });
    await appendAudit(tx, { stream: `expert:${e.id}`, action: 'expert.declared', actorId: who!.id, at: now, data: { declarationId: d.id, kind: d.kind, orgCode: d.org_code } });
  });
  return getExpert(ctx, who, id);
}

export async function penalise(ctx: AppContext, who: Actor | null, id: string, body: { imposedOn: string; reason: string }) {
  const e = await loadExpert(ctx, who, id, 'manage');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const p = await repo.insertPenalty(tx, { expert_id: e.id, imposed_on: body.imposedOn, reason: body.reason.trim(), created_at: now });
    await appendAudit(tx, { stream: `expert:${e.id}`, action: 'expert.penalised', actorId: who!.id, at: now, data: { penaltyId: p.id, imposedOn: p.imposed_on } });
  });
  return getExpert(ctx, who, id);
}
