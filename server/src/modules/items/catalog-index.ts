import type { HallRow, ItemWithOrg, PublicFilter } from './items.repository.ts';

/**
 * The hall's items held in memory for the public search and browse (issue 18: a search through SQL
 * cost 1–7 ms of database time, most of it reading and matching each candidate's search document).
 * It answers exactly what `items.repository.ts` `listPublic` answers from SQL: the same filters, the
 * same match rule (search.ts), the same order; catalog-index.test.ts compares the two on every query
 * and filter it tries. Built once per catalog generation by catalog-cache.ts.
 */

/** A department or center as the public answers name it. */
export const ref = (id: string, name: string, nameEn: string | null) => ({ id, name, nameEn });

/** An item as the public lists show it. */
export function listRow(r: ItemWithOrg) {
  return {
    id: r.id,
    name: r.name,
    nameEn: r.name_en,
    basicCode: r.basic_code,
    implementationCode: r.implementation_code,
    type: r.type,
    department: ref(r.department_id, r.department_name, r.department_name_en),
    center: ref(r.center_id, r.center_name, r.center_name_en),
    processingMode: r.processing_mode,
    promisedLimitDays: r.promised_limit_days,
    statutoryLimitDays: r.statutory_limit_days,
    online: r.online,
    visits: r.visits,
    version: r.latest_version,
  };
}

export type ListRow = ReturnType<typeof listRow>;

interface Entry {
  row: ListRow;
  /** The name's length in characters (code points), as PostgreSQL's length() counts it. */
  nameLength: number;
  audiences: readonly string[];
  themes: readonly string[];
  lifeEvents: readonly string[];
  /** The center of the item's department (the facets list a department under its own center). */
  departmentCenterId: string;
}

export interface CatalogIndex {
  generation: number;
  /** In the browse order (name, id, by the database's collation): an entry's position is its rank. */
  entries: Entry[];
  /** Token → the positions of the entries whose search document holds it, ascending. */
  postings: Map<string, Int32Array>;
  /** One counter per entry, zero between searches: a search is synchronous, so one array serves all. */
  scratch: Uint16Array;
  /** The browse entries' counts by center ('' for all), computed at the first request: the copy never changes. */
  facets: Map<string, Facets>;
}

export function buildIndex(generation: number, rows: HallRow[]): CatalogIndex {
  const lists = new Map<string, number[]>();
  const entries = rows.map((r, position) => {
    for (const token of r.tokens ? r.tokens.split(' ') : []) {
      let list = lists.get(token);
      if (!list) lists.set(token, (list = []));
      list.push(position);
    }
    return { row: listRow(r), nameLength: [...r.name].length, audiences: r.audiences, themes: r.themes, lifeEvents: r.life_events, departmentCenterId: r.department_center_id };
  });
  const postings = new Map<string, Int32Array>();
  for (const [token, list] of lists) postings.set(token, Int32Array.from(list));
  return { generation, entries, postings, scratch: new Uint16Array(entries.length), facets: new Map() };
}

/** The same filter the SQL path takes. */
export type IndexQuery = PublicFilter;

function passes(e: Entry, f: IndexQuery): boolean {
  return (!f.audience || e.audiences.includes(f.audience))
    && (!f.theme || e.themes.includes(f.theme))
    && (!f.lifeEvent || e.lifeEvents.includes(f.lifeEvent))
    && (!f.departmentId || e.row.department.id === f.departmentId)
    && (!f.centerId || e.row.center.id === f.centerId)
    && (!f.type || e.row.type === f.type);
}

/** How the name stands to the query, as listPublic's first sort key: exact, starts with it, holds it, neither. */
function nameRank(name: string, q: string): number {
  if (name === q) return 0;
  if (name.startsWith(q)) return 1;
  return name.includes(q) ? 2 : 3;
}

export function searchIndex(index: CatalogIndex, f: IndexQuery): { rows: ListRow[]; total: number } {
  const { entries } = index;
  if (f.tokens.length === 0) {
    const hits = entries.filter((e) => passes(e, f));
    return { rows: hits.slice(f.offset, f.offset + f.limit).map((e) => e.row), total: hits.length };
  }
  // Candidates: entries holding a selective token (the SQL path's GIN lookup); matched: how many of
  // all the query's tokens each holds (the SQL path's sum of one-token tsquery matches). The scratch
  // counter is 1 + matched for a candidate, 0 otherwise, and is cleared before returning.
  const counter = index.scratch;
  const candidates: number[] = [];
  for (const token of new Set(f.candidateTokens)) {
    for (const position of index.postings.get(token) ?? []) {
      if (counter[position] === 0) { counter[position] = 1; candidates.push(position); }
    }
  }
  for (const token of new Set(f.tokens)) {
    for (const position of index.postings.get(token) ?? []) if (counter[position]! > 0) counter[position]!++;
  }
  const hits: { position: number; rank: number; matched: number; length: number }[] = [];
  for (const position of candidates) {
    const n = counter[position]! - 1;
    counter[position] = 0;
    const e = entries[position]!;
    if (n < f.minMatches || !passes(e, f)) continue;
    hits.push({ position, rank: nameRank(e.row.name, f.q), matched: n, length: e.nameLength });
  }
  hits.sort((a, b) => a.rank - b.rank || b.matched - a.matched || a.length - b.length || a.position - b.position);
  return { rows: hits.slice(f.offset, f.offset + f.limit).map((h) => entries[h.position]!.row), total: hits.length };
}

/** Code-point order, as PostgreSQL's "C" collation orders text (JavaScript's < compares UTF-16 units). */
function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
  }
  return x.length - y.length;
}

export interface Facets {
  departments: { id: string; name: string; name_en: string | null; center_id: string; count: number }[];
  themes: { key: string; count: number }[];
  lifeEvents: { key: string; count: number }[];
  audiences: { key: string; count: number }[];
}

function keyCounts(entries: Entry[], keysOf: (e: Entry) => readonly string[]) {
  const counts = new Map<string, number>();
  for (const e of entries) for (const key of keysOf(e)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || byCodePoint(a.key, b.key));
}

/** What items.repository.ts `facets` answers from SQL, from the copy: the same rows in the same order. */
export function facetsOf(index: CatalogIndex, centerId?: string): Facets {
  const cached = index.facets.get(centerId ?? '');
  if (cached) return cached;
  const entries = centerId ? index.entries.filter((e) => e.row.center.id === centerId) : index.entries;
  const departments = new Map<string, Facets['departments'][number]>();
  for (const { row, departmentCenterId } of entries) {
    const d = departments.get(row.department.id);
    if (d) d.count++;
    else departments.set(row.department.id, { id: row.department.id, name: row.department.name, name_en: row.department.nameEn, center_id: departmentCenterId, count: 1 });
  }
  const facets: Facets = {
    departments: [...departments.values()].sort((a, b) => b.count - a.count || byCodePoint(a.name, b.name) || byCodePoint(a.id, b.id)),
    themes: keyCounts(entries, (e) => e.themes),
    lifeEvents: keyCounts(entries, (e) => e.lifeEvents),
    audiences: keyCounts(entries, (e) => e.audiences),
  };
  // Kept only for a center with items in the hall: any UUID may be asked for, and must not grow the map.
  if (!centerId || entries.length) index.facets.set(centerId ?? '', facets);
  return facets;
}
