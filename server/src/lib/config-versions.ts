import { sql } from 'kysely';

/**
 * Per-process copies of configuration that changes a few times a year but is read by every
 * submission (issue 18): the trading-award rule of an item, the event subscriptions of a center, the
 * working-day calendar of a region. Several instances run on one database, so a copy must never
 * outlive a change: migration 0057's triggers raise a version in `config_versions` in the very
 * transaction of every change (whoever makes it), a request reads the versions inside a statement
 * it makes anyway (`configVersionsColumn`; the submission's item read), and a copy serves that
 * request only if it was read at that version or later. A change committed before the request
 * arrived is therefore always seen, on every instance; without versions (a caller that read none)
 * the configuration is read from the database as before, and nothing is kept. 'catalog' is the public
 * catalog's version, which items/catalog-cache.ts checks on each search (migration 0058).
 */
export type ConfigName = 'trading_award' | 'event_subscriptions' | 'calendar' | 'catalog';
export type ConfigVersions = Readonly<Partial<Record<ConfigName, number>>>;

/** A column for a statement already made: every kind's version, as one jsonb object. */
export const configVersionsColumn = () => sql<ConfigVersions | null>`(SELECT jsonb_object_agg(name, version) FROM config_versions)`;

export class VersionedCache<K, V> {
  private readonly entries = new Map<K, { version: number; value: Promise<V> }>();

  constructor(private readonly name: ConfigName, private readonly limit = 2000) {}

  /**
   * The value of `key` as of `versions` or later: the copy if it was read at that version or after,
   * else `load()` (kept, tagged with the version seen before it was read, so never newer than its data).
   */
  get(key: K, versions: ConfigVersions | undefined, load: () => Promise<V>): Promise<V> {
    const seen = versions?.[this.name];
    if (seen === undefined) return load();
    const hit = this.entries.get(key);
    // A copy still being read by another request: should that read fail (its transaction's trouble), this one reads for itself.
    if (hit && hit.version >= seen) return hit.value.catch(() => load());
    const value = load();
    const entry = { version: seen, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    value.catch(() => { if (this.entries.get(key) === entry) this.entries.delete(key); });
    // Oldest first out (insertion order; a reloaded key moves to the end).
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
