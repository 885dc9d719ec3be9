import type { Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { generateSm2KeyPair, sm2PublicKeyPem } from '../../lib/sm2.ts';
import { authorize, sealPolicy, type Actor } from '../../policies/index.ts';
import { encryptPrivateKey, sealMasterKey } from './seal-keystore.ts';
import * as repo from './seals.repository.ts';

/**
 * E-seals of the issuing bodies: creation and key rotation, each requested by one manager of the
 * center and decided by another (four eyes). A rotation adds a key version and retires the old
 * one: the old public key stays published, so everything it signed still verifies.
 */
const DEPARTMENT = { zh: '部门', en: 'Department' };
const REQUEST = { zh: '印章申请', en: 'Seal request' };
const SEAL = { zh: '电子印章', en: 'E-seal' };

export interface SealRequestInput {
  departmentId: string;
  kind: 'create' | 'rotate';
  reason: string;
  /** create: the seal's name (default: the department's name + 行政许可专用章) and validity. */
  name?: string;
  validFrom?: string;
  validTo?: string;
}

export async function requestSeal(ctx: AppContext, who: Actor | null, input: SealRequestInput) {
  authorize(sealPolicy, who, 'request');
  const dept = await repo.findDepartment(ctx.db, input.departmentId);
  if (!dept) throw errors.NOT_FOUND({ what: DEPARTMENT });
  authorize(sealPolicy, who, 'request', { center_id: dept.center_id });
  if (input.kind === 'create' && (!input.validFrom || !input.validTo)) throw errors.SEAL_VALIDITY_INVALID({ field: 'validTo' });
  if (input.validFrom && input.validTo && input.validFrom > input.validTo) throw errors.SEAL_VALIDITY_INVALID({ field: 'validTo' });
  const seal = await repo.sealOfDepartment(ctx.db, dept.id);
  if (input.kind === 'create' && seal) throw errors.SEAL_EXISTS();
  if (input.kind === 'rotate' && !seal) throw errors.SEAL_MISSING();
  if (input.kind === 'rotate' && input.validTo && input.validTo < seal!.valid_from) throw errors.SEAL_VALIDITY_INVALID({ field: 'validTo' });
  const now = ctx.clock.now();
  // A seal that ends before today would sign nothing: a request for one is a mistake, refused.
  if (input.validTo && input.validTo < chinaDate(now)) throw errors.SEAL_VALIDITY_PAST({ field: 'validTo' });
  return ctx.db.transaction().execute(async (tx) => {
    const row = await repo.insertRequest(tx, {
      center_id: dept.center_id, department_id: dept.id, kind: input.kind, reason: input.reason,
      name: input.kind === 'create' ? (input.name ?? `${dept.name}行政许可专用章`) : null,
      valid_from: input.kind === 'create' ? input.validFrom! : null, valid_to: input.validTo ?? null,
      requested_by: who!.id, requested_at: now,
    });
    // One pending request per department: the index decides, also for two requests at once (nothing written).
    if (!row) throw errors.SEAL_REQUEST_PENDING();
    await appendAudit(tx, { stream: `seal_request:${row.id}`, action: 'seal.request', actorId: who!.id, at: now, data: { kind: row.kind, departmentId: dept.id, reason: row.reason } });
    return row;
  });
}

/** Approves (creating the seal or rotating its key) or rejects a pending request; never the requester's own. */
export async function decideSealRequest(ctx: AppContext, who: Actor | null, id: string, decision: { approve: boolean; reason?: string }) {
  authorize(sealPolicy, who, 'decide');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const req = await repo.requestById(tx, id, true);
    if (!req) throw errors.NOT_FOUND({ what: REQUEST });
    authorize(sealPolicy, who, 'decide', req);
    if (req.status !== 'pending') throw errors.SEAL_REQUEST_DECIDED();
    let sealId: string | null = null;
    if (decision.approve) sealId = req.kind === 'create' ? await createSeal(ctx, tx, req, who!.id, now) : await rotateKey(ctx, tx, req, who!.id, now);
    await repo.decideRequest(tx, req.id, { status: decision.approve ? 'approved' : 'rejected', decided_by: who!.id, decided_at: now, decision_reason: decision.reason ?? null });
    await appendAudit(tx, { stream: `seal_request:${req.id}`, action: decision.approve ? 'seal.approve' : 'seal.reject', actorId: who!.id, at: now, data: { sealId, reason: decision.reason ?? null } });
    return { ...(await repo.requestById(tx, req.id))!, sealId };
  });
}

/** A fresh key pair for version `version` of the seal; the private key leaves only encrypted. */
function newKey(ctx: AppContext, sealId: string, version: number) {
  const pair = generateSm2KeyPair();
  const enc = encryptPrivateKey(sealMasterKey(ctx.config.sealKeyFile), `${sealId}#${version}`, pair.privateKey);
  return { publicKey: pair.publicKey, enc };
}

async function createSeal(ctx: AppContext, tx: Tx, req: repo.SealRequestRow, actorId: string, now: Date): Promise<string> {
  const dept = (await repo.findDepartment(tx, req.department_id))!;
  // Another request may have created the seal between the request and this decision.
  if (await repo.sealOfDepartment(tx, dept.id, true)) throw errors.SEAL_EXISTS();
  const code = `${dept.credit_code}${String(now.getTime() % 100000).padStart(5, '0')}`;
  const seal = await repo.insertSeal(tx, {
    department_id: dept.id, center_id: dept.center_id, code, name: req.name!, holder_name: dept.name, holder_credit_code: dept.credit_code,
    valid_from: req.valid_from!, valid_to: req.valid_to!, current_version: 1, created_at: now,
  });
  const key = newKey(ctx, seal.id, 1);
  await repo.insertKey(tx, { seal_id: seal.id, version: 1, public_key: key.publicKey, private_key_enc: key.enc, active_from: now });
  await appendAudit(tx, { stream: `seal:${seal.id}`, action: 'seal.create', actorId, at: now, data: { requestId: req.id, departmentId: dept.id, code, version: 1, publicKey: key.publicKey } });
  return seal.id;
}

async function rotateKey(ctx: AppContext, tx: Tx, req: repo.SealRequestRow, actorId: string, now: Date): Promise<string> {
  const seal = await repo.sealOfDepartment(tx, req.department_id, true);
  if (!seal) throw errors.SEAL_MISSING();
  const version = seal.current_version + 1;
  const key = newKey(ctx, seal.id, version);
  await repo.retireKey(tx, seal.id, seal.current_version, now);
  await repo.insertKey(tx, { seal_id: seal.id, version, public_key: key.publicKey, private_key_enc: key.enc, active_from: now });
  await repo.setCurrentVersion(tx, seal.id, version, req.valid_to);
  await appendAudit(tx, { stream: `seal:${seal.id}`, action: 'seal.rotate', actorId, at: now, data: { requestId: req.id, version, retiredVersion: seal.current_version, publicKey: key.publicKey } });
  return seal.id;
}

export async function listSealRequests(ctx: AppContext, who: Actor | null, q: { status?: 'pending' | 'approved' | 'rejected'; page: number; pageSize: number }) {
  authorize(sealPolicy, who, 'read_requests');
  const centerId = who!.centerId!;
  const [rows, total] = await Promise.all([
    repo.listRequests(ctx.db, centerId, q.status, q.pageSize, (q.page - 1) * q.pageSize),
    repo.countRequests(ctx.db, centerId, q.status),
  ]);
  return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => ({ ...requestView(r), departmentName: r.department_name, requestedByName: r.requested_by_name })) };
}

export function requestView(r: repo.SealRequestRow) {
  return {
    id: r.id, departmentId: r.department_id, kind: r.kind, name: r.name, validFrom: r.valid_from, validTo: r.valid_to, reason: r.reason,
    status: r.status, requestedBy: r.requested_by, requestedAt: r.requested_at.toISOString(), decidedBy: r.decided_by, decidedAt: r.decided_at?.toISOString() ?? null, decisionReason: r.decision_reason,
  };
}

/** The published seals with every key version's public key (hex and PEM): anyone may verify. */
export async function listPublicSeals(ctx: AppContext, q: { centerId?: string; page: number; pageSize: number }) {
  const [rows, total] = await Promise.all([
    repo.listSeals(ctx.db, { centerId: q.centerId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    repo.countSeals(ctx.db, q.centerId),
  ]);
  const keys = await repo.publicKeysOf(ctx.db, rows.map((r) => r.id));
  const today = chinaDate(ctx.clock.now());
  return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => publicSealView(r, keys.filter((k) => k.seal_id === r.id), today)) };
}

export async function publicSeal(ctx: AppContext, id: string) {
  const seal = await repo.sealById(ctx.db, id);
  if (!seal) throw errors.NOT_FOUND({ what: SEAL });
  return publicSealView(seal, await repo.publicKeysOf(ctx.db, [seal.id]), chinaDate(ctx.clock.now()));
}

function publicSealView(s: repo.SealRow, keys: Array<{ version: number; public_key: string; active_from: Date; retired_at: Date | null }>, today: string) {
  return {
    id: s.id, code: s.code, name: s.name, holderName: s.holder_name, holderCreditCode: s.holder_credit_code, departmentId: s.department_id,
    validFrom: s.valid_from, validTo: s.valid_to, validNow: today >= s.valid_from && today <= s.valid_to, currentVersion: s.current_version,
    imageUrl: `/api/public/seals/${s.id}/image.svg`,
    keys: keys.map((k) => ({ version: k.version, algorithm: 'SM2' as const, publicKey: k.public_key, publicKeyPem: sm2PublicKeyPem(k.public_key), activeFrom: k.active_from.toISOString(), retiredAt: k.retired_at?.toISOString() ?? null })),
  };
}
