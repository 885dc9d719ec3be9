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
    case 'award': case 'reaward': return ['award'];
    case 'sign_contract': case 'complete': return ['contract'];
    default: return ['tenderUpdate'];
  }
}

const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? undefined : { amount: fen / 100, currency: 'CNY' });
const orgId = (code: string) => `CN-USCC-${code}`;

function release(p: repo.ProjectRow, s: TenderSnapshot, r: { id: string; tag: string[]; at: Date; amendments: Amendment[] }) {
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
    ocid: ocidOf(s.id), id: r.id, date: r.at.toISOString(), tag: r.tag, initiationType: 'tender',
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
      amendments: r.amendments.length ? r.amendments : undefined,
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

/** OCDS 1.1 Amendment: what a suspension or its lifting did, named in the releases from then on. */
interface Amendment {
  id: string; date: string; rationale: string; description: string; description_en: string; amendsReleaseID: string; releaseID: string;
}

const SUSPENDED = {
  zh: '监督部门支持投诉，责令暂停招标投标活动（招标投标法实施条例第六十二条）；暂停期间不办理任何招标投标活动。',
  en: 'The supervising department upheld a complaint and ordered the tender suspended (Regulation on the Implementation of the Bidding Law, art. 62); nothing of the tender proceeds until it is lifted.',
};
const RESUMED = { zh: '监督部门解除暂停，恢复招标投标活动。', en: 'The supervising department lifted the suspension: the tender proceeds.' };

/**
 * What the export shows, in order: each revision from the publication on, each suspension (an upheld complaint) and
 * each lifting (one per act: a lifting closes every open suspension at once). A suspension is a fact beside the
 * status, not a revision, so its releases carry the tender as the last revision left it, tagged `tenderUpdate`, with
 * the suspension or lifting as a `tender.amendments` entry; every later release keeps the amendments so far.
 * At the same instant a lifting comes before a revision (nothing moves while suspended), a suspension after it.
 */
type Step =
  | { at: Date; rank: number; kind: 'revision'; r: repo.RevisionRow }
  | { at: Date; rank: number; kind: 'suspend'; s: repo.SuspensionRow }
  | { at: Date; rank: number; kind: 'resume'; rows: repo.SuspensionRow[] };

function stepsOf(revisions: repo.RevisionRow[], suspensions: repo.SuspensionRow[]): Step[] {
  const steps: Step[] = revisions.map((r) => ({ at: r.at, rank: 1, kind: 'revision', r }));
  const liftings = new Map<string, repo.SuspensionRow[]>();
  for (const s of suspensions) {
    steps.push({ at: s.suspended_at, rank: 2, kind: 'suspend', s });
    if (s.resumed_at) liftings.set(`${s.resumed_at.toISOString()}|${s.resumed_by}`, [...(liftings.get(`${s.resumed_at.toISOString()}|${s.resumed_by}`) ?? []), s]);
  }
  for (const rows of liftings.values()) {
    const at = rows[0]!.resumed_at!;
    steps.push({ at, rank: rows.some((s) => s.suspended_at.getTime() === at.getTime()) ? 3 : 0, kind: 'resume', rows });
  }
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.rank - b.rank);
}

/** The releases of a published tender: one per revision from its publication on, one per suspension and lifting. */
async function releasesOf(ctx: AppContext, tenderId: string) {
  const t = await repo.findTender(ctx.db, tenderId);
  if (!t || !t.published_at) throw NOT_FOUND({ zh: '招标项目', en: 'Tender' });
  const p = (await repo.findProject(ctx.db, t.project_id))!;
  const [revisions, suspensions] = await Promise.all([repo.revisionsOf(ctx.db, t.id), repo.suspensionsOf(ctx.db, t.id)]);
  const ocid = ocidOf(t.id);
  const releases: Record<string, unknown>[] = [];
  const amendments: Amendment[] = [];
  let last: { snapshot: TenderSnapshot; id: string } | null = null;
  for (const step of stepsOf(revisions, suspensions)) {
    if (step.kind === 'revision') {
      const snapshot = step.r.snapshot as unknown as TenderSnapshot;
      if (snapshot.publishedAt === null) continue;
      const id = `${ocid}-${step.r.version}`;
      releases.push(release(p, snapshot, { id, tag: tagOf(step.r.action), at: step.r.at, amendments }));
      last = { snapshot, id };
      continue;
    }
    if (!last) continue; // nothing is suspended before the notice
    const id = step.kind === 'suspend' ? `${ocid}-suspension-${step.s.id}` : `${ocid}-resumption-${step.rows[0]!.id}`;
    const common = { date: step.at.toISOString(), amendsReleaseID: last.id, releaseID: id };
    if (step.kind === 'suspend') amendments.push({ id: `suspension-${step.s.id}`, rationale: step.s.reason, description: SUSPENDED.zh, description_en: SUSPENDED.en, ...common });
    else for (const s of step.rows) amendments.push({ id: `resumption-${s.id}`, rationale: s.resume_reason!, description: RESUMED.zh, description_en: RESUMED.en, ...common });
    releases.push(release(p, last.snapshot, { id, tag: ['tenderUpdate'], at: step.at, amendments }));
    last = { snapshot: last.snapshot, id };
  }
  const newest = releases.reduce((m, r) => (String(r.date) > m ? String(r.date) : m), t.updated_at.toISOString());
  return { t, releases, publishedDate: newest };
}

/** `origin`: the address the package is served at (scheme and host of the request). */
export async function ocdsReleasePackage(ctx: AppContext, tenderId: string, origin: string) {
  const { t, releases, publishedDate } = await releasesOf(ctx, tenderId);
  return {
    uri: `${origin}/api/public/ocds/releases/${t.id}`, version: '1.1', publishedDate, publisher: PUBLISHER,
    license: 'https://creativecommons.org/licenses/by/4.0/', publicationPolicy: `${origin}/docs/trading.md`, releases,
  };
}

export async function ocdsRecordPackage(ctx: AppContext, tenderId: string, origin: string) {
  const { t, releases, publishedDate } = await releasesOf(ctx, tenderId);
  const newest = releases.at(-1)!;
  const compiled = { ...newest, id: `${ocidOf(t.id)}-compiled`, tag: ['compiled'] };
  return {
    uri: `${origin}/api/public/ocds/records/${t.id}`, version: '1.1', publishedDate, publisher: PUBLISHER,
    license: 'https://creativecommons.org/licenses/by/4.0/', publicationPolicy: `${origin}/docs/trading.md`,
    packages: [`${origin}/api/public/ocds/releases/${t.id}`],
    records: [{ ocid: ocidOf(t.id), releases, compiledRelease: compiled }],
  };
}
