import type { Db } from '../../db/database.ts';
import * as repo from './items.repository.ts';
import { buildIndex, facetsOf, searchIndex, type CatalogIndex, type Facets, type IndexQuery, type ListRow } from './catalog-index.ts';

/**
 * Each instance's copy of the hall for search and browse (catalog-index.ts), one per database handle
 * (the replicas' when DATABASE_READ_URL is set). Every search reads the catalog's generation (one
 * primary-key read, migration 0058) and answers from memory only when the copy is of that generation
 * or a later one. A stale copy is rebuilt in the background while SQL answers (one load at a time);
 * an instance without a copy yet builds it in the search that finds none and answers from it. So a
 * change committed through any instance is in the next search of every instance, and a copy is never
 * trusted because of its age. A hall larger than CATALOG_INDEX_MAX_ITEMS is never held: SQL answers
 * until the catalog changes again.
 */
interface State {
  index: CatalogIndex | null;
  /** The generation at which the hall was found larger than the limit: SQL answers until it moves. */
  tooLarge: number | null;
  loading: Promise<void> | null;
}

const states = new WeakMap<Db, State>();

function stateOf(db: Db): State {
  let s = states.get(db);
  if (!s) states.set(db, (s = { index: null, tooLarge: null, loading: null }));
  return s;
}

async function load(db: Db, s: State, maxItems: number): Promise<void> {
  const { generation, rows } = await repo.loadHall(db, maxItems);
  if (rows === null) {
    s.index = null;
    s.tooLarge = generation;
    return;
  }
  // Replicas behind a balancer may answer from different points in time: keep the later copy.
  if (!s.index || s.index.generation <= generation) s.index = buildIndex(generation, rows);
  s.tooLarge = null;
}

function startLoad(db: Db, s: State, maxItems: number): Promise<void> {
  // A failed load leaves SQL answering; the next search that finds the copy stale tries again.
  s.loading ??= load(db, s, maxItems).catch(() => {}).finally(() => { s.loading = null; });
  return s.loading;
}

const isCurrent = (s: State, current: number) => !!s.index && s.index.generation >= current;

/** The current copy, or null when SQL must answer (no current copy yet, or too large a hall). */
async function currentCopy(db: Db, maxItems: number): Promise<CatalogIndex | null> {
  if (maxItems <= 0) return null;
  const s = stateOf(db);
  const current = await repo.catalogGeneration(db);
  if (isCurrent(s, current)) return s.index;
  if ((s.tooLarge !== null && s.tooLarge >= current) || s.loading) return null;
  if (s.index) {
    // Stale: this request and those during the reload are answered by SQL, none waits for the load.
    void startLoad(db, s, maxItems);
    return null;
  }
  await startLoad(db, s, maxItems);
  return isCurrent(s, current) ? s.index : null;
}

/** The page and total from memory, or null when SQL must answer. */
export async function searchHeld(db: Db, maxItems: number, f: IndexQuery): Promise<{ rows: ListRow[]; total: number } | null> {
  const index = await currentCopy(db, maxItems);
  return index && searchIndex(index, f);
}

/** The browse entries' counts from memory, or null when SQL must answer. */
export async function facetsHeld(db: Db, maxItems: number, centerId?: string): Promise<Facets | null> {
  const index = await currentCopy(db, maxItems);
  return index && facetsOf(index, centerId);
}

/** Loads the copy now if it is missing or stale, and answers whether one is held (tests, warm-up). */
export async function ensureHeld(db: Db, maxItems: number): Promise<boolean> {
  if (maxItems <= 0) return false;
  const s = stateOf(db);
  const current = await repo.catalogGeneration(db);
  if (!isCurrent(s, current)) {
    // A load already running may have begun before `current` was committed: wait for it, then load anew if it was.
    await s.loading;
    if (!isCurrent(s, current)) await startLoad(db, s, maxItems);
  }
  return isCurrent(s, current);
}
