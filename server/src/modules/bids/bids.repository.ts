import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { BidOpeningsTable, BidsTable, BidStatus, TenderBidKeysTable, TenderKeySharesTable, TenderRegistryRecordsTable } from '../../db/types.ts';
import type { DeclaredFact } from '../../lib/enterprise-registry.ts';

/** All SQL of the sealed bids (docs/trading.md, "Sealed bids"). */
type Q = Db | Tx;
export type BidRow = Selectable<BidsTable>;
export type ShareRow = Selectable<TenderKeySharesTable>;
export type BidKeyRow = Selectable<TenderBidKeysTable>;
export type OpeningRow = Selectable<BidOpeningsTable>;
/** A transition's own columns; never the status (bid.transitions.ts writes that). */
export type BidFields = Omit<Updateable<BidsTable>, 'status' | 'id' | 'tender_id' | 'bidder_id'>;

// ---------------------------------------------------------------- officials' keys

export const officialKey = (db: Q, userId: string) =>
  db.selectFrom('bid_official_keys').selectAll().where('user_id', '=', userId).executeTakeFirst();

export const upsertOfficialKey = (tx: Tx, userId: string, publicKey: string, at: Date) =>
  tx.insertInto('bid_official_keys').values({ user_id: userId, public_key: publicKey, registered_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ public_key: publicKey, registered_at: at })).returningAll().executeTakeFirstOrThrow();

/** Shares the user holds of tenders not yet opened: a key with such shares must not change. */
export const pendingSharesOf = (db: Q, userId: string) =>
  db.selectFrom('tender_key_shares as s').leftJoin('bid_openings as o', 'o.tender_id', 's.tender_id')
    .select('s.tender_id').where('s.user_id', '=', userId).where('o.opened_at', 'is', null).limit(1).execute();

/** The custodians named who are staff of the center: their roles and department (which body they belong to) and registered key, if any. */
export const custodianCandidates = (db: Q, centerId: string, userIds: string[]) =>
  db.selectFrom('users as u').leftJoin('bid_official_keys as k', 'k.user_id', 'u.id')
    .select(['u.id', 'u.name', 'u.roles', 'u.center_id', 'u.department_id', 'k.public_key']).where('u.id', 'in', userIds).where('u.kind', '=', 'staff').where('u.center_id', '=', centerId).execute();

/** Every staff member of a center who registered a key, with their roles and department: the service keeps the tender's officials. */
export const registeredOfficials = (db: Q, centerId: string) =>
  db.selectFrom('users as u').innerJoin('bid_official_keys as k', 'k.user_id', 'u.id')
    .select(['u.id', 'u.name', 'u.roles', 'u.center_id', 'u.department_id', 'k.registered_at']).where('u.kind', '=', 'staff').where('u.center_id', '=', centerId).orderBy('u.name').orderBy('u.id').execute();

/** A department's name (the supervising department the custodian choices name). */
export const departmentName = (db: Q, id: string) =>
  db.selectFrom('departments').select(['id', 'name', 'name_en']).where('id', '=', id).executeTakeFirst();

// ---------------------------------------------------------------- the tender key and its shares

export const bidKeyOf = (db: Q, tenderId: string) =>
  db.selectFrom('tender_bid_keys').selectAll().where('tender_id', '=', tenderId).executeTakeFirst();

export const insertBidKey = (tx: Tx, values: Insertable<TenderBidKeysTable>) =>
  tx.insertInto('tender_bid_keys').values(values).returningAll().executeTakeFirstOrThrow();

export const insertShares = (tx: Tx, values: Insertable<TenderKeySharesTable>[]) =>
  tx.insertInto('tender_key_shares').values(values).execute();

export const sharesOf = (db: Q, tenderId: string) =>
  db.selectFrom('tender_key_shares').selectAll().where('tender_id', '=', tenderId).orderBy('share_no').execute();

export const shareOf = (db: Q, tenderId: string, userId: string, lock = false) => {
  const q = db.selectFrom('tender_key_shares').selectAll().where('tender_id', '=', tenderId).where('user_id', '=', userId);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
};

export const handInShare = (tx: Tx, tenderId: string, userId: string, share: Buffer, at: Date) =>
  tx.updateTable('tender_key_shares').set({ submitted_share: share, submitted_at: at })
    .where('tender_id', '=', tenderId).where('user_id', '=', userId).execute();

/** When the opening ends the handed-in shares go: the key is not rebuilt twice from the database. */
export const wipeHandedInShares = (tx: Tx, tenderId: string) =>
  tx.updateTable('tender_key_shares').set({ submitted_share: null }).where('tender_id', '=', tenderId).execute();

/** The tenders an official holds a share of, newest first, with whether they handed it in. */
export const sharesHeldBy = (db: Q, userId: string, limit: number, offset: number) =>
  db.selectFrom('tender_key_shares as s').innerJoin('tenders as t', 't.id', 's.tender_id').leftJoin('bid_openings as o', 'o.tender_id', 's.tender_id')
    .select(['s.tender_id', 's.share_no', 's.public_key', 's.encrypted_share', 's.submitted_at', 't.title', 't.status', 't.bid_deadline', 'o.opened_at'])
    .where('s.user_id', '=', userId).orderBy('s.tender_id', 'desc').limit(limit).offset(offset).execute();

// ---------------------------------------------------------------- bids

export const insertBid = (tx: Tx, values: Insertable<BidsTable>) => tx.insertInto('bids').values(values).returningAll().executeTakeFirstOrThrow();

export const findBid = (db: Q, id: string, lock = false) => {
  const q = db.selectFrom('bids').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
};

export const liveBidOf = (tx: Tx, tenderId: string, bidderId: string) =>
  tx.selectFrom('bids').selectAll().where('tender_id', '=', tenderId).where('bidder_id', '=', bidderId).where('status', '=', 'submitted').forUpdate().executeTakeFirst();

/** The one update that names a bid's status: bid.transitions.ts only. */
export const moveBid = (tx: Tx, id: string, from: BidStatus, to: BidStatus, fields: BidFields) =>
  tx.updateTable('bids').set({ ...fields, status: to }).where('id', '=', id).where('status', '=', from).returningAll().executeTakeFirstOrThrow();

export const bidsOfBidder = (db: Q, bidderId: string, tenderId: string | undefined, limit: number, offset: number) => {
  let q = db.selectFrom('bids').selectAll().where('bidder_id', '=', bidderId);
  if (tenderId) q = q.where('tender_id', '=', tenderId);
  return q.orderBy('submitted_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
};

export const bidsOfTender = (db: Q, tenderId: string, limit: number, offset: number) =>
  db.selectFrom('bids as b').innerJoin('users as u', 'u.id', 'b.bidder_id')
    .selectAll('b').select(['u.name as bidder_name', 'u.credit_code as bidder_code'])
    .where('b.tender_id', '=', tenderId).orderBy('b.submitted_at').orderBy('b.id').limit(limit).offset(offset).execute();

export const liveBidsOfTender = (tx: Tx, tenderId: string) =>
  tx.selectFrom('bids').selectAll().where('tender_id', '=', tenderId).where('status', '=', 'submitted').orderBy('submitted_at').orderBy('id').forUpdate().execute();

export const hasBidOn = async (db: Q, tenderId: string, bidderId: string) =>
  (await db.selectFrom('bids').select('id').where('tender_id', '=', tenderId).where('bidder_id', '=', bidderId).limit(1).executeTakeFirst()) !== undefined;

// ---------------------------------------------------------------- the opening

export const openingOf = (db: Q, tenderId: string) =>
  db.selectFrom('bid_openings').selectAll().where('tender_id', '=', tenderId).executeTakeFirst();

export const startOpening = (tx: Tx, tenderId: string, at: Date) =>
  tx.insertInto('bid_openings').values({ tender_id: tenderId, started_at: at }).onConflict((oc) => oc.column('tender_id').doNothing()).execute();

export const finishOpening = (tx: Tx, tenderId: string, values: { opened_at: Date; opened_by: string; bids_opened: number; bids_failed: number; bids_withdrawn: number }) =>
  tx.updateTable('bid_openings').set(values).where('tender_id', '=', tenderId).returningAll().executeTakeFirstOrThrow();

/** Points a replaced bid at its replacement (not a status change: that was the `replace` transition). */
export const setReplacedBy = (tx: Tx, id: string, replacement: string) =>
  tx.updateTable('bids').set({ replaced_by: replacement }).where('id', '=', id).execute();

/** The names of some users (the custodians), by id. */
export const userNames = (db: Q, ids: string[]) =>
  ids.length ? db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute() : Promise.resolve([]);

// ---------------------------------------------------------------- the bidder's declaration (条例 第三十四条)

export const declarationOf = (db: Q, userId: string) =>
  db.selectFrom('bidder_declarations').selectAll().where('user_id', '=', userId).executeTakeFirst();

/** `recheckAt`: when the registry is asked again (the registry did not answer), else null. */
export const saveDeclaration = (tx: Tx, d: {
  userId: string; representativeIdNumber: string; controllerCode: string | null; managerCode: string | null; at: Date;
  registryCheck: 'verified' | 'not_found' | 'unavailable'; recheckAt: Date | null;
}) =>
  tx.insertInto('bidder_declarations')
    .values({
      user_id: d.userId, representative_id_number: d.representativeIdNumber, controller_code: d.controllerCode, manager_code: d.managerCode, declared_at: d.at,
      registry_check: d.registryCheck, registry_checked_at: d.at, registry_contradiction: null, registry_recheck_at: d.recheckAt,
    })
    .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({
      representative_id_number: eb.ref('excluded.representative_id_number'), controller_code: eb.ref('excluded.controller_code'),
      manager_code: eb.ref('excluded.manager_code'), declared_at: eb.ref('excluded.declared_at'), version: sql<number>`bidder_declarations.version + 1`,
      registry_check: eb.ref('excluded.registry_check'), registry_checked_at: eb.ref('excluded.registry_checked_at'),
      registry_contradiction: null, registry_recheck_at: eb.ref('excluded.registry_recheck_at'),
    })))
    .returningAll().executeTakeFirstOrThrow();

/**
 * Claims up to `limit` declarations whose registry check is due (bids.jobs.ts): each is moved to `leaseUntil` in one
 * statement, rows another instance holds skipped, so two sweeps never ask about the same declaration at once and one
 * that stops midway is asked again when its lease ends. Answers what was declared, with the bidder's credit code.
 */
export const claimDueRechecks = (db: Q, now: Date, leaseUntil: Date, limit: number) =>
  db.updateTable('bidder_declarations as d')
    .set({ registry_recheck_at: leaseUntil })
    .from('users as u')
    .whereRef('u.id', '=', 'd.user_id')
    .where('d.user_id', 'in', (eb) => eb.selectFrom('bidder_declarations').select('user_id')
      .where('registry_recheck_at', '<=', now).orderBy('registry_recheck_at').limit(limit).forUpdate().skipLocked())
    .returning(['d.user_id', 'd.version', 'd.representative_id_number', 'd.controller_code', 'd.manager_code', 'u.credit_code'])
    .execute();

/**
 * The registry's answer on a claimed declaration, written only if the declaration is still the one asked about (the
 * bidder may have declared again meanwhile, checked on its own). Answers the row written, or undefined.
 */
export const recordRecheck = (tx: Tx, d: {
  userId: string; version: number; check: 'verified' | 'not_found' | 'unavailable' | 'contradicted';
  contradiction: DeclaredFact | null; at: Date; recheckAt: Date | null;
}) =>
  tx.updateTable('bidder_declarations')
    .set({ registry_check: d.check, registry_checked_at: d.at, registry_contradiction: d.contradiction, registry_recheck_at: d.recheckAt })
    .where('user_id', '=', d.userId).where('version', '=', d.version).where('registry_recheck_at', 'is not', null)
    .returningAll().executeTakeFirst();

export const creditCodeOf = async (db: Q, userId: string) =>
  (await db.selectFrom('users').select('credit_code').where('id', '=', userId).executeTakeFirst())?.credit_code ?? null;

// ---------------------------------------------------------------- the registry's records for a tender's evaluation (0080)

/** The opened bids' bidders of a tender with the registry's answer kept for each, if any. */
export const openedBiddersWithRecords = (db: Q, tenderId: string) =>
  db.selectFrom('bids as b').innerJoin('users as u', 'u.id', 'b.bidder_id')
    .leftJoin('tender_registry_records as r', (j) => j.onRef('r.tender_id', '=', 'b.tender_id').onRef('r.bidder_id', '=', 'b.bidder_id'))
    .select(['b.bidder_id', 'u.credit_code', 'r.outcome', 'r.looked_up_at'])
    .where('b.tender_id', '=', tenderId).where('b.status', '=', 'opened').execute();

/**
 * Keeps the registry's answers. A found or not-found answer is final for the tender; only a row recording an
 * unavailable registry is replaced (by a later attempt, whatever it found), so two readers looking up at once agree.
 */
export const saveRegistryRecords = (db: Q, rows: Array<Insertable<TenderRegistryRecordsTable>>) =>
  rows.length === 0 ? Promise.resolve() : db.insertInto('tender_registry_records').values(rows)
    .onConflict((oc) => oc.columns(['tender_id', 'bidder_id']).doUpdateSet((eb) => ({
      outcome: eb.ref('excluded.outcome'), credit_code: eb.ref('excluded.credit_code'), representative_id_number: eb.ref('excluded.representative_id_number'),
      controller_code: eb.ref('excluded.controller_code'), manager_code: eb.ref('excluded.manager_code'), looked_up_at: eb.ref('excluded.looked_up_at'),
    })).where('tender_registry_records.outcome', '=', 'unavailable'))
    .execute().then(() => undefined);
