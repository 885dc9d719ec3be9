import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { prepared } from '../../db/prepared.ts';
import { configVersionsColumn } from '../../lib/config-versions.ts';
import type { ItemContent } from './items.schemas.ts';
import { anyOfQuery } from './search.ts';

type Q = Db | Tx;

export interface ItemRowInput {
  centerId: string;
  departmentId: string;
  type: string;
  level: string;
  codeRegion: string;
  codeMain: string;
  codeSub: string;
  basicCode: string;
  implementationCode: string;
}

/** The list and search columns copied from a version's content. */
export function denormalised(c: ItemContent) {
  return {
    name: c.name,
    name_en: c.nameEn ?? null,
    audiences: c.audiences,
    themes: c.themes,
    life_events: c.lifeEvents,
    processing_mode: c.processingMode,
    promised_limit_days: c.promisedLimitDays,
    statutory_limit_days: c.statutoryLimitDays,
    online: c.online,
    visits: c.visits,
  };
}

export async function insertItem(tx: Tx, row: ItemRowInput, content: ItemContent, now: Date, draftVersion: number | null, hallStatus: 'draft' | 'in_hall' = 'draft'): Promise<string | null> {
  const inserted = await tx
    .insertInto('items')
    .values({
      center_id: row.centerId,
      department_id: row.departmentId,
      type: row.type,
      level: row.level,
      code_region: row.codeRegion,
      code_main: row.codeMain,
      code_sub: row.codeSub,
      basic_code: row.basicCode,
      implementation_code: row.implementationCode,
      draft_version: draftVersion,
      hall_status: hallStatus,
      ...denormalised(content),
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export function findByImplementationCode(db: Q, centerId: string, code: string) {
  return db.selectFrom('items').select('id').where('center_id', '=', centerId).where('implementation_code', '=', code).executeTakeFirst();
}

export function lockItem(tx: Tx, id: string) {
  return tx.selectFrom('items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateItem(tx: Tx, id: string, set: Partial<{
  draft_version: number | null; latest_version: number; hall_status: 'draft' | 'in_hall' | 'removed'; updated_at: Date;
} & ReturnType<typeof denormalised>>) {
  await tx.updateTable('items').set(set).where('id', '=', id).execute();
}

export async function setSearchDocument(tx: Tx, id: string, tokens: string[]) {
  await sql`UPDATE items SET search_doc = array_to_tsvector(${tokens}::text[]) WHERE id = ${id}`.execute(tx);
}

export async function insertVersion(tx: Tx, v: { itemId: string; version: number; content: ItemContent; by: string | null; now: Date }) {
  await tx
    .insertInto('item_versions')
    .values({ item_id: v.itemId, version: v.version, status: 'draft', content: JSON.stringify(v.content), created_by: v.by, created_at: v.now, updated_at: v.now })
    .execute();
}

export async function updateDraftContent(tx: Tx, itemId: string, version: number, content: ItemContent, now: Date) {
  const r = await tx
    .updateTable('item_versions')
    .set({ content: JSON.stringify(content), updated_at: now })
    .where('item_id', '=', itemId).where('version', '=', version).where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteDraft(tx: Tx, itemId: string, version: number) {
  await tx.deleteFrom('item_versions').where('item_id', '=', itemId).where('version', '=', version).where('status', '=', 'draft').execute();
}

export async function markPublished(tx: Tx, itemId: string, version: number, validFrom: string, by: string | null, now: Date) {
  const r = await tx
    .updateTable('item_versions')
    .set({ status: 'published', valid_from: validFrom, published_at: now, published_by: by, updated_at: now })
    .where('item_id', '=', itemId).where('version', '=', version).where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

type VersionRow = NonNullable<Awaited<ReturnType<typeof readVersion>>>;
const readVersion = (db: Q, itemId: string, version: number) =>
  db.selectFrom('item_versions').selectAll().where('item_id', '=', itemId).where('version', '=', version).executeTakeFirst();

/** Published versions read, by item id and version (item ids are random uuids, so one process's databases never share a key). */
const publishedVersions = new Map<string, VersionRow>();
const PUBLISHED_VERSIONS_KEPT = 2000;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/**
 * One version of an item. A published version never changes (the trigger item_versions_immutable
 * refuses any UPDATE or DELETE of it: it is the legal text cases were accepted under), so it is read
 * once per process and kept, frozen (a caller that tried to modify it would throw); drafts are read each time.
 */
export async function getVersion(db: Q, itemId: string, version: number): Promise<VersionRow | undefined> {
  const key = `${itemId}:${version}`;
  const hit = publishedVersions.get(key);
  if (hit) return hit;
  const row = await readVersion(db, itemId, version);
  if (row?.status === 'published') {
    publishedVersions.set(key, deepFreeze(row));
    if (publishedVersions.size > PUBLISHED_VERSIONS_KEPT) publishedVersions.delete(publishedVersions.keys().next().value!);
  }
  return row;
}

export function listVersions(db: Q, itemId: string) {
  return db
    .selectFrom('item_versions')
    .select(['version', 'status', 'valid_from', 'published_at', 'created_at'])
    .where('item_id', '=', itemId)
    .orderBy('version', 'desc')
    .execute();
}

/** The version in force on a date: the newest published one whose validity has started. */
export function versionInForce(db: Q, itemId: string, today: string) {
  return db
    .selectFrom('item_versions')
    .selectAll()
    .where('item_id', '=', itemId).where('status', '=', 'published').where('valid_from', '<=', today)
    .orderBy('valid_from', 'desc').orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function upcomingVersion(db: Q, itemId: string, today: string) {
  return db
    .selectFrom('item_versions')
    .select(['version', 'valid_from'])
    .where('item_id', '=', itemId).where('status', '=', 'published').where('valid_from', '>', today)
    .orderBy('valid_from', 'asc')
    .limit(1)
    .executeTakeFirst();
}

const ITEM_COLUMNS = [
  'i.id', 'i.name', 'i.name_en', 'i.basic_code', 'i.implementation_code', 'i.type', 'i.level', 'i.hall_status',
  'i.latest_version', 'i.draft_version', 'i.processing_mode', 'i.promised_limit_days', 'i.statutory_limit_days',
  'i.online', 'i.visits', 'i.center_id', 'i.department_id', 'i.code_region', 'i.code_main', 'i.code_sub', 'i.updated_at',
  'd.name as department_name', 'd.name_en as department_name_en',
  'c.name as center_name', 'c.name_en as center_name_en',
] as const;

/** Joins the names of an item's department and center onto a query over `items as i`. */
const withOrg = <Q2 extends ReturnType<typeof itemsOnly>>(q: Q2) =>
  q.innerJoin('departments as d', 'd.id', 'i.department_id').innerJoin('centers as c', 'c.id', 'i.center_id').select(ITEM_COLUMNS);

const itemsOnly = (db: Q) => db.selectFrom('items as i');
const itemWithOrg = (db: Q) => withOrg(itemsOnly(db));

export type ItemWithOrg = NonNullable<Awaited<ReturnType<typeof getItem>>>;

export function getItem(db: Q, id: string) {
  return itemWithOrg(db).where('i.id', '=', id).executeTakeFirst();
}

/**
 * Per database (a process may hold several: tests, each on its own), per item: the version in force
 * last read, with its content. A published version never changes (the trigger item_versions_immutable),
 * so a submission's read does not send its content again while the version in force is the one kept
 * (issue 18: the content, detoasted, sent and parsed, was a fifth of that read's cost to the database).
 * Kept frozen: every submission shares it, and one that tried to modify it would throw.
 */
const inForce = new WeakMap<object, Map<string, KnownVersion>>();
const IN_FORCE_KEPT = 2000;
export interface KnownVersion { version: number; content: unknown }

/** The version in force this process keeps for `itemId` (on `db`'s database), if any: pass it to the read and to `itemForCaseOf`. */
export function knownVersionOf(db: Q, itemId: string): KnownVersion | undefined {
  return inForce.get(db)?.get(itemId);
}

function keepVersion(db: Q, itemId: string, known: KnownVersion) {
  let kept = inForce.get(db);
  if (!kept) inForce.set(db, (kept = new Map()));
  kept.delete(itemId);
  kept.set(itemId, known);
  if (kept.size > IN_FORCE_KEPT) kept.delete(kept.keys().next().value!);
}

/**
 * The statement of `itemForCase`, unexecuted: for a caller that reads more beside it in the same
 * round trip (cases.repository.ts `itemKeyAndFiles`, an online submission's first read). The version's
 * content is left out (null) when it is `knownVersion` (-1: none known), the one this process keeps.
 */
export const itemForCaseSelect = (db: Q, p: { itemId: string; today: string; knownVersion: number }) => db.selectFrom('items as i')
    .innerJoin('departments as d', 'd.id', 'i.department_id').innerJoin('centers as c', 'c.id', 'i.center_id')
    .leftJoinLateral((eb) => eb.selectFrom('item_versions as v').select(['v.version', 'v.content'])
      .whereRef('v.item_id', '=', 'i.id').where('v.status', '=', 'published').where('v.valid_from', '<=', p.today)
      .orderBy('v.valid_from', 'desc').orderBy('v.version', 'desc').limit(1).as('v'), (join) => join.onTrue())
    .select(ITEM_COLUMNS).select(['c.region_code as center_region_code', 'v.version as version_in_force'])
    .select(sql<unknown>`CASE WHEN v.version = ${p.knownVersion}::int THEN NULL ELSE v.content END`.as('version_content'))
    // The configuration versions, for the per-process copies the submission may use (lib/config-versions.ts).
    .select(configVersionsColumn().as('config_versions'))
    .where('i.id', '=', p.itemId);

// Read by every submission: built and compiled once (db/prepared.ts).
const itemForCaseQuery = prepared(itemForCaseSelect);

type ItemForCaseRow = Awaited<ReturnType<typeof itemForCaseQuery>>['rows'][number];

/**
 * A row of `itemForCaseSelect` as `itemForCase` answers it (a caller that selected more takes its columns
 * out first); `known` is what the read was given. The version's content comes from the row, and is kept,
 * or, left out, from `known`.
 */
export function itemForCaseOf(db: Q, row: ItemForCaseRow, known: KnownVersion | undefined) {
  const { center_region_code: regionCode, version_in_force: version, version_content: sent, config_versions: config, ...item } = row;
  let content: unknown = null;
  if (version !== null) {
    if (sent === null && known?.version === version) content = known.content;
    else keepVersion(db, item.id, { version, content: (content = deepFreeze(sent)) });
  }
  return { item, version: version === null ? null : { version, content }, center: { name: item.center_name, region_code: regionCode }, config: config ?? {} };
}

/**
 * What a new case takes from its item, in one round trip: the item (as getItem), its version in force
 * on `today` (as versionInForce; null when none) and its center's name and region code.
 */
export async function itemForCase(db: Q, itemId: string, today: string) {
  const known = knownVersionOf(db, itemId);
  const [row] = (await itemForCaseQuery(db, { itemId, today, knownVersion: known?.version ?? -1 })).rows;
  return row ? itemForCaseOf(db, row, known) : undefined;
}

export interface PublicFilter {
  tokens: string[];
  /** The tokens that select candidates through the index (see search.ts). */
  candidateTokens: string[];
  minMatches: number;
  q: string;
  audience?: string;
  departmentId?: string;
  theme?: string;
  lifeEvent?: string;
  centerId?: string;
  type?: string;
  limit: number;
  offset: number;
}

export async function listPublic(db: Db, f: PublicFilter) {
  let base = itemsOnly(db).where('i.hall_status', '=', 'in_hall').where('i.latest_version', '>', 0);
  if (f.audience) base = base.where(sql<boolean>`i.audiences @> ARRAY[${f.audience}]::text[]`);
  if (f.theme) base = base.where(sql<boolean>`i.themes @> ARRAY[${f.theme}]::text[]`);
  if (f.lifeEvent) base = base.where(sql<boolean>`i.life_events @> ARRAY[${f.lifeEvent}]::text[]`);
  if (f.departmentId) base = base.where('i.department_id', '=', f.departmentId);
  if (f.centerId) base = base.where('i.center_id', '=', f.centerId);
  if (f.type) base = base.where('i.type', '=', f.type);

  if (f.tokens.length === 0) {
    const [rows, count] = await Promise.all([
      withOrg(base).orderBy('i.name').orderBy('i.id').limit(f.limit).offset(f.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  // Candidates come from the GIN index on the selective tokens (pairs, words); every query
  // token then counts toward the match, computed once per candidate in the inner query.
  // One lookup per token in the candidate's tsvector (a binary search each), summed.
  const matched = sql<number>`(${sql.join(f.tokens.map((t) => sql`(i.search_doc @@ ${anyOfQuery([t])}::tsquery)::int`), sql` + `)})`;
  const inner = withOrg(base.where(sql<boolean>`i.search_doc @@ ${anyOfQuery(f.candidateTokens)}::tsquery`))
    .select(matched.as('matched'));
  const rows = await db
    .selectFrom(inner.as('c'))
    .selectAll('c')
    .select(sql<number>`count(*) OVER ()`.as('total_count'))
    .where('c.matched', '>=', f.minMatches)
    .orderBy(sql`CASE WHEN c.name = ${f.q} THEN 0 WHEN starts_with(c.name, ${f.q}) THEN 1 WHEN strpos(c.name, ${f.q}) > 0 THEN 2 ELSE 3 END`)
    .orderBy('c.matched', 'desc')
    .orderBy(sql`length(c.name)`)
    .orderBy('c.name').orderBy('c.id')
    .limit(f.limit).offset(f.offset)
    .execute();
  let total = rows.length ? Number(rows[0]!.total_count) : 0;
  if (rows.length === 0 && f.offset > 0) {
    const n = await db.selectFrom(inner.as('c')).where('c.matched', '>=', f.minMatches).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    total = Number(n.n);
  }
  return { rows, total };
}

// Read by every catalog search: built and compiled once (db/prepared.ts).
const catalogVersion = prepared((db) => db.selectFrom('config_versions').select('version').where('name', '=', 'catalog'));

/** The catalog's generation: its row of config_versions, moved forward by every change to what the public catalog shows (migration 0058). */
export async function catalogGeneration(db: Db | Tx): Promise<number> {
  return (await catalogVersion(db, {})).rows[0]!.version;
}

/**
 * Every item in the hall, in the browse list's order (name, id, by the database's collation), with
 * the fields the public lists show and filter on and its search tokens, and the generation they are
 * of: both read in one snapshot. Rows null when the hall has more than `max` items (counted first,
 * so a hall too large to hold is not read).
 */
export function loadHall(db: Db, max: number) {
  return db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
    const generation = await catalogGeneration(tx);
    const hall = itemsOnly(tx).where('i.hall_status', '=', 'in_hall').where('i.latest_version', '>', 0);
    const size = await hall.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = Number(size.n) > max ? null : await withOrg(hall)
      // The tokens as one space-separated text (tokens hold only letters and digits): the driver parses
      // a text[] of ~60 elements per item several times slower than the caller splits a string.
      .select(['i.audiences', 'i.themes', 'i.life_events', 'd.center_id as department_center_id', sql<string>`array_to_string(tsvector_to_array(i.search_doc), ' ')`.as('tokens')])
      .orderBy('i.name').orderBy('i.id')
      .execute();
    return { generation, rows };
  });
}

export type HallRow = NonNullable<Awaited<ReturnType<typeof loadHall>>['rows']>[number];

export async function listForCenter(db: Db, f: { centerId: string; q?: string; hallStatus?: string; limit: number; offset: number }) {
  let base = itemWithOrg(db).where('i.center_id', '=', f.centerId);
  if (f.hallStatus) base = base.where('i.hall_status', '=', f.hallStatus as 'draft');
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    base = base.where((eb) => eb.or([eb('i.name', 'like', like), eb('i.basic_code', 'like', like), eb('i.implementation_code', 'like', like)]));
  }
  const [rows, count] = await Promise.all([
    base
      .select((eb) => eb.selectFrom('item_requests as r').select(['r.id']).whereRef('r.item_id', '=', 'i.id').where('r.status', '=', 'pending').limit(1).as('pending_request_id'))
      .select((eb) => eb.selectFrom('item_requests as r').select(['r.kind']).whereRef('r.item_id', '=', 'i.id').where('r.status', '=', 'pending').limit(1).as('pending_request_kind'))
      .orderBy('i.updated_at', 'desc').orderBy('i.id')
      .limit(f.limit).offset(f.offset)
      .execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The browse entries' counts (ties in code-point order, as catalog-index.ts's facetsOf orders them). */
export async function facets(db: Db, centerId?: string) {
  const center = centerId ? sql`AND i.center_id = ${centerId}` : sql``;
  const [departments, themes, lifeEvents, audiences] = await Promise.all([
    sql<{ id: string; name: string; name_en: string | null; center_id: string; count: number }>`
      SELECT d.id, d.name, d.name_en, d.center_id, count(*)::int AS count
      FROM items i JOIN departments d ON d.id = i.department_id
      WHERE i.hall_status = 'in_hall' AND i.latest_version > 0 ${center}
      GROUP BY d.id ORDER BY count DESC, d.name COLLATE "C", d.id`.execute(db),
    sql<{ key: string; count: number }>`
      SELECT t AS key, count(*)::int AS count FROM items i, unnest(i.themes) t
      WHERE i.hall_status = 'in_hall' AND i.latest_version > 0 ${center} GROUP BY t ORDER BY count DESC, t COLLATE "C"`.execute(db),
    sql<{ key: string; count: number }>`
      SELECT t AS key, count(*)::int AS count FROM items i, unnest(i.life_events) t
      WHERE i.hall_status = 'in_hall' AND i.latest_version > 0 ${center} GROUP BY t ORDER BY count DESC, t COLLATE "C"`.execute(db),
    sql<{ key: string; count: number }>`
      SELECT t AS key, count(*)::int AS count FROM items i, unnest(i.audiences) t
      WHERE i.hall_status = 'in_hall' AND i.latest_version > 0 ${center} GROUP BY t`.execute(db),
  ]);
  return { departments: departments.rows, themes: themes.rows, lifeEvents: lifeEvents.rows, audiences: audiences.rows };
}

// ---- admission and removal requests ----

export async function insertRequest(tx: Tx, r: { itemId: string; centerId: string; kind: 'admission' | 'removal'; reason: string; by: string; now: Date }) {
  const row = await tx
    .insertInto('item_requests')
    .values({ item_id: r.itemId, center_id: r.centerId, kind: r.kind, reason: r.reason, requested_by: r.by, created_at: r.now })
    .onConflict((oc) => oc.column('item_id').where('status', '=', 'pending').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export function lockRequest(tx: Tx, id: string) {
  return tx.selectFrom('item_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function decideRequest(tx: Tx, id: string, d: { approve: boolean; reason: string; by: string; now: Date }) {
  await tx
    .updateTable('item_requests')
    .set({ status: d.approve ? 'approved' : 'rejected', decision_reason: d.reason, decided_by: d.by, decided_at: d.now })
    .where('id', '=', id).where('status', '=', 'pending')
    .execute();
}

const requestsWithNames = (db: Q) =>
  db
    .selectFrom('item_requests as r')
    .innerJoin('items as i', 'i.id', 'r.item_id')
    .innerJoin('users as ru', 'ru.id', 'r.requested_by')
    .leftJoin('users as du', 'du.id', 'r.decided_by')
    .select([
      'r.id', 'r.kind', 'r.reason', 'r.status', 'r.created_at', 'r.decision_reason', 'r.decided_at',
      'i.id as item_id', 'i.name as item_name', 'ru.id as requested_by_id', 'ru.name as requested_by_name',
      'du.id as decided_by_id', 'du.name as decided_by_name',
    ]);

export async function listRequests(db: Db, f: { centerId: string; status?: string; limit: number; offset: number }) {
  let base = requestsWithNames(db).where('r.center_id', '=', f.centerId);
  if (f.status) base = base.where('r.status', '=', f.status as 'pending');
  const [rows, count] = await Promise.all([
    base.orderBy('r.created_at', 'desc').orderBy('r.id').limit(f.limit).offset(f.offset).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function listItemRequests(db: Db, itemId: string) {
  return requestsWithNames(db).where('r.item_id', '=', itemId).orderBy('r.created_at', 'desc').limit(100).execute();
}

export function listHistory(db: Db, stream: string) {
  return db
    .selectFrom('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.seq', 'e.at', 'e.action', 'e.data', 'u.id as actor_id', 'u.name as actor_name'])
    .where('e.stream', '=', stream)
    .orderBy('e.seq', 'desc')
    .limit(200)
    .execute();
}

export function findDepartment(db: Q, id: string) {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Fresh planner statistics of the catalog, through the owner's function (migration 0058): the runtime role may not ANALYZE. */
export async function analyze(db: Db) {
  await sql`SELECT refresh_catalog_statistics()`.execute(db);
}

/** Every other item with this basic code, at any center and level (index items_basic_code). */
export function itemsWithBasicCode(db: Db | Tx, basicCode: string, exceptId?: string) {
  let q = db.selectFrom('items').select(['id', 'name', 'type', 'level', 'center_id', 'promised_limit_days', 'statutory_limit_days'])
    .where('basic_code', '=', basicCode);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.orderBy('created_at').orderBy('id').execute();
}

/** Serialises the writers of one basic code until the transaction ends, so two centers cannot give it two names at once. */
export async function lockBasicCode(tx: Tx, basicCode: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`basic_code:${basicCode}`}))`.execute(tx);
}

/** 通办 (issue 17): the centers of a region prefix ('' for every center), by code, for the applicant's choice. */
export function centersUnder(db: Q, prefix: string, limit: number) {
  let q = db.selectFrom('centers').select(['id', 'name', 'name_en', 'region_code', 'kind']);
  if (prefix) q = q.where('region_code', 'like', `${prefix}%`);
  return q.orderBy('region_code').orderBy('name').limit(limit).execute();
}

/** The implementations of a basic code in the hall (index items_basic_code), with their center's region. */
export function hallItemsWithBasicCode(db: Q, basicCode: string) {
  return db.selectFrom('items as i').innerJoin('centers as c', 'c.id', 'i.center_id').innerJoin('departments as d', 'd.id', 'i.department_id')
    .select(['i.id', 'i.name', 'i.name_en', 'i.level', 'i.center_id', 'c.name as center_name', 'c.name_en as center_name_en', 'c.region_code', 'd.name as department_name', 'i.promised_limit_days'])
    .where('i.basic_code', '=', basicCode).where('i.hall_status', '=', 'in_hall').where('i.latest_version', '>', 0)
    .orderBy('c.region_code').orderBy('i.id').execute();
}

// ---- issue 16: the items whose cases need a project awarded in the center (read by trading/award-guard.ts) ----

export function awardRequirementOf(db: Q, itemId: string) {
  return db.selectFrom('trading_award_requirements').select(['project_code_field', 'created_at']).where('item_id', '=', itemId).executeTakeFirst();
}

/** Sets the field; `created_at` stays the moment the requirement was first set. */
export async function upsertAwardRequirement(tx: Tx, itemId: string, field: string, now: Date) {
  await tx.insertInto('trading_award_requirements').values({ item_id: itemId, project_code_field: field, created_at: now })
    .onConflict((oc) => oc.column('item_id').doUpdateSet({ project_code_field: field })).execute();
}

export async function deleteAwardRequirement(tx: Tx, itemId: string) {
  const r = await tx.deleteFrom('trading_award_requirements').where('item_id', '=', itemId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
