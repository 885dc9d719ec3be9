import type { AppContext } from '../../../lib/context.ts';
import { NOT_FOUND } from '../../../lib/errors.ts';
import type { TenderSnapshot } from '../tender.service.ts';
import * as repo from '../trading.repository.ts';

/**
 * OCDS 1.1 (Open Contracting Data Standard) export of a tender (docs/trading.md): one release per revision
 * of the published tender, tagged by the stage it records (tender, tenderAmendment, tenderUpdate,
 * tenderCancellation, award, contract), and one record per ocid (`ocds-<prefix>-<tenderId>`) with its
 * releases and the compiled release (the newest state). Validated in ocds.test.ts against the official
 * 1.1.5 schemas vendored beside this file. Money is CNY in yuan (the tables keep fen).
 */
export const OCID_PREFIX = 'ocds-onewin';
export const ocidOf = (tenderId: string) => `${OCID_PREFIX}-${tenderId}`;
const PUBLISHER = { name: 'OneWindow 公共资源交易平台' };

const TENDER_STATUS: Record<string, string> = {
  draft: 'planning', published: 'active', clarification: 'active', bidding: 'active', opening: 'active', evaluation: 'active',
  candidates_published: 'active', awarded: 'complete', contract: 'complete', complete: 'complete', cancelled: 'cancelled', unsuccessful: 'unsuccessful',
};
const CATEGORY: Record<string, string> = { construction: 'works', procurement: 'goods', land: 'services', state_property: 'services' };

function tagOf(action: string): string[] {
  switch (action) {
    case 'publish': return ['tender'];
    case 'amend': return ['tenderAmendment'];
    case 'cancel': return ['tenderCancellation'];
    case 'award': return ['award'];
    case 'sign_contract': case 'complete': return ['contract'];
    default: return ['tenderUpdate'];
  }
}

const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? undefined : { amount: fen / 100, currency: 'CNY' });
const orgId = (code: string) => `CN-USCC-${code}`;

function release(p: repo.ProjectRow, s: TenderSnapshot, r: { version: number; action: string; at: Date }) {
  const buyer = { id: orgId(p.buyer_org_code), name: p.buyer_name };
  const parties: Array<Record<string, unknown>> = [
    { ...buyer, identifier: { scheme: 'CN-USCC', id: p.buyer_org_code, legalName: p.buyer_name }, roles: ['buyer'] },
  ];
  if (p.agent_name && p.agent_org_code) {
    parties.push({ id: orgId(p.agent_org_code), name: p.agent_name, identifier: { scheme: 'CN-USCC', id: p.agent_org_code, legalName: p.agent_name }, roles: ['procuringEntity'] });
  }
  for (const c of s.candidates ?? []) {
    if (!parties.some((x) => x.id === orgId(c.orgCode))) {
      parties.push({ id: orgId(c.orgCode), name: c.name, identifier: { scheme: 'CN-USCC', id: c.orgCode, legalName: c.name }, roles: ['tenderer'] });
    }
  }
  const out: Record<string, unknown> = {
    ocid: ocidOf(s.id), id: `${ocidOf(s.id)}-${r.version}`, date: r.at.toISOString(), tag: tagOf(r.action), initiationType: 'tender',
    language: 'zh', parties, buyer,
    tender: {
      id: s.id, title: s.title, description: s.description || undefined, status: TENDER_STATUS[s.status],
      procurementMethod: 'open', mainProcurementCategory: CATEGORY[p.kind], value: yuan(s.budgetFen),
      procuringEntity: p.agent_name && p.agent_org_code ? { id: orgId(p.agent_org_code), name: p.agent_name } : buyer,
      tenderPeriod: s.publishedAt || s.bidDeadline ? { startDate: s.publishedAt ?? undefined, endDate: s.bidDeadline ?? undefined } : undefined,
      enquiryPeriod: s.publishedAt && s.clarificationUntil ? { startDate: s.publishedAt, endDate: s.clarificationUntil } : undefined,
      awardCriteriaDetails: s.criteria.length ? s.criteria.map((c) => `${c.name.zh} ${c.weight}`).join('；') : undefined,
      numberOfTenderers: s.candidates ? s.candidates.length : undefined,
      tenderers: s.candidates ? s.candidates.map((c) => ({ id: orgId(c.orgCode), name: c.name })) : undefined,
    },
  };
  if (s.award) {
    out.awards = [{
      id: `${s.id}-award`, title: s.title, status: s.status === 'cancelled' ? 'cancelled' : 'active', date: s.awardedAt ?? undefined,
      value: yuan(s.award.priceFen), suppliers: [{ id: orgId(s.award.orgCode), name: s.award.name }],
    }];
    const supplier = parties.find((x) => x.id === orgId(s.award!.orgCode));
    if (supplier) supplier.roles = [...new Set([...(supplier.roles as string[]), 'supplier'])];
  }
  if (s.contract) {
    out.contracts = [{
      id: `${s.id}-contract`, awardID: `${s.id}-award`, title: s.contract.title, status: s.status === 'complete' ? 'terminated' : 'active',
      value: yuan(s.contract.priceFen), dateSigned: `${s.contract.signedOn}T00:00:00+08:00`,
    }];
  }
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>; // drops the undefined fields
}

/** The releases of a published tender: one per revision from its publication on. */
async function releasesOf(ctx: AppContext, tenderId: string) {
  const t = await repo.findTender(ctx.db, tenderId);
  if (!t || !t.published_at) throw NOT_FOUND({ zh: '招标项目', en: 'Tender' });
  const p = (await repo.findProject(ctx.db, t.project_id))!;
  const revisions = (await repo.revisionsOf(ctx.db, t.id)).filter((r) => r.to_status !== 'draft' || r.action === 'publish');
  const releases = revisions.filter((r) => (r.snapshot as { publishedAt: string | null }).publishedAt !== null)
    .map((r) => release(p, r.snapshot as unknown as TenderSnapshot, { version: r.version, action: r.action, at: r.at }));
  return { t, releases };
}


/** `origin`: the address the package is served at (scheme and host of the request). */
export async function ocdsReleasePackage(ctx: AppContext, tenderId: string, origin: string) {
  const { t, releases } = await releasesOf(ctx, tenderId);
  return {
    uri: `${origin}/api/public/ocds/releases/${t.id}`, version: '1.1', publishedDate: t.updated_at.toISOString(), publisher: PUBLISHER,
    license: 'https://creativecommons.org/licenses/by/4.0/', publicationPolicy: `${origin}/docs/trading.md`, releases,
  };
}

export async function ocdsRecordPackage(ctx: AppContext, tenderId: string, origin: string) {
  const { t, releases } = await releasesOf(ctx, tenderId);
  const newest = releases.at(-1)!;
  const compiled = { ...newest, id: `${ocidOf(t.id)}-compiled`, tag: ['compiled'] };
  return {
    uri: `${origin}/api/public/ocds/records/${t.id}`, version: '1.1', publishedDate: t.updated_at.toISOString(), publisher: PUBLISHER,
    license: 'https://creativecommons.org/licenses/by/4.0/', publicationPolicy: `${origin}/docs/trading.md`,
    packages: [`${origin}/api/public/ocds/releases/${t.id}`],
    records: [{ ocid: ocidOf(t.id), releases, compiledRelease: compiled }],
  };
}
