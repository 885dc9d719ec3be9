import type { HallRow, ItemWithOrg } from './items.repository.ts';

/**
 * The hall's items held in memory for the public search and browse (issue 18: a search through SQL
 * cost 1–7 ms of database time, most of it reading and matching each candidate's search document).
 * It answers exactly what `items.repository.ts` `listPublic` answers from SQL: the same filters, the
 * same match rule (search.ts), the same order; catalog-index.test.ts compares the two on every query
 * and filter it tries. Built once per catalog generation by catalog-cache.ts.
 */

const ref = (id: string, name: string, nameEn: string | null) => ({ id, name, nameEn });

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
}

export interface CatalogIndex {
  generation: string;
  /** In the browse order (name, id, by the database's collation): an entry's position is its rank. */
  entries: Entry[];
  /** Token → the positions of the entries whose search document holds it, ascending. */
  postings: Map<string, Int32Array>;
  /** One counter per entry, zero between searches: a search is synchronous, so one array serves all. */
  scratch: Uint16Array;
}

export function buildIndex(generation: string, rows: HallRow[]): CatalogIndex {
  const lists = new Map<string, number[]>();
  const entries = rows.map((r, position) => {
    for (const token of r.tokens ? r.tokens.split(' ') : []) {
      let list = lists.get(token);
      if (!list) lists.set(token, (list = []));
      list.push(position);
    }
    return { row: listRow(r), nameLength: [...r.name].length, audiences: r.audiences, themes: r.themes, lifeEvents: r.life_events };
  });
  const postings = new Map<string, Int32Array>();
  for (const [token, list] of lists) postings.set(token, Int32Array.from(list));
  return { generation, entries, postings, scratch: new Uint16Array(entries.length) };
}

export interface IndexQuery {
  /** The normalised query (search.ts normalise, trimmed); empty to browse. */
  q: string;
  tokens: string[];
  candidateTokens: string[];
  minMatches: number;
  audience?: string;
  departmentId?: string;
  theme?: string;
  lifeEvent?: string;
  centerId?: string;
  type?: string;
  limit: number;
  offset: number;
}

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
