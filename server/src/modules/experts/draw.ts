import { createHash } from 'node:crypto';

/**
 * The verifiable expert draw (docs/experts.md, "The draw"), after RFC 3797 (Publicly Verifiable
 * Nominations Committee Random Selection), written here rather than taken from a library so every
 * step can be read and replayed by anyone (scripts/replay-draw.mjs is an independent copy).
 *
 * Pure: no database, no clock. The service commits to (pool snapshot, filters, algorithm version,
 * committee and reserve size, seed source) before the seed exists; once the public seed is known
 * the drawn order is a deterministic function of it.
 */

/** Version of the algorithm named in every commitment; a change of any step below needs a new one. */
export const DRAW_ALGORITHM = 'rfc3797-md5/v1';

/** One public random source: a list of non-negative integers (lottery numbers, a share index…). */
export type SeedSource = readonly (string | number | bigint)[];

const DIGITS = /^[0-9]+$/;

/** A value of a source as the RFC writes it: decimal digits, no sign, no leading zeros. */
function canonicalInteger(v: string | number | bigint): bigint {
  const s = typeof v === 'string' ? v.trim() : typeof v === 'number' ? (Number.isSafeInteger(v) ? String(v) : '') : v.toString();
  if (!DIGITS.test(s)) throw new RangeError(`not a non-negative integer: ${String(v)}`);
  return BigInt(s);
}

/**
 * RFC 3797 §4 key string: each source's integers sorted ascending (so the order in which balls
 * were drawn does not matter), each followed by ".", and each source ended by "/".
 */
export function keyString(sources: readonly SeedSource[]): string {
  if (sources.length === 0) throw new RangeError('at least one random source is needed');
  return sources.map((src) => {
    if (src.length === 0) throw new RangeError('a random source has no value');
    const values = src.map(canonicalInteger).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `${values.map((v) => `${v.toString()}.`).join('')}/`;
  }).join('');
}

/** MD5 of the key string between two copies of the index as two bytes, high byte first (RFC 3797 §4). */
export function selectionDigest(key: string, index: number): Buffer {
  if (!Number.isInteger(index) || index < 0 || index > 0xffff) throw new RangeError('index out of 0..65535');
  const idx = Buffer.from([index >> 8, index & 0xff]);
  return createHash('md5').update(idx).update(Buffer.from(key, 'ascii')).update(idx).digest();
}

/** The 16-byte digest read as an unsigned big-endian integer, modulo `divisor` (the RFC's longremainder). */
export function digestRemainder(digest: Uint8Array, divisor: number): number {
  if (!Number.isSafeInteger(divisor) || divisor < 1 || divisor > 2 ** 44) throw new RangeError('divisor out of range');
  let r = 0;
  for (const b of digest) r = (r * 256 + b) % divisor;
  return r;
}

/**
 * The RFC 3797 selection: `count` picks from a pool of `poolSize` positions (1-based), in drawn
 * order. Pick i takes the (digest_i mod remaining)-th position still unpicked, counted from the
 * start. With a 128-bit digest the bias of the modulo is below 2^-100 for any pool we hold.
 */
export function rfc3797Select(key: string, poolSize: number, count: number): number[] {
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new RangeError('empty pool');
  if (!Number.isInteger(count) || count < 0 || count > poolSize) throw new RangeError('cannot pick more than the pool holds');
  if (count > 0x10000) throw new RangeError('at most 65536 picks (two index bytes)');
  const remaining = new RankedSet(poolSize);
  const picked: number[] = [];
  for (let i = 0; i < count; i++) {
    const k = digestRemainder(selectionDigest(key, i), poolSize - i);
    picked.push(remaining.takeKth(k) + 1);
  }
  return picked;
}

/**
 * Positions 0..n-1 still unpicked, with "take the k-th remaining" in O(log n) (a Fenwick tree), so
 * a draw from 100,000 experts does not shift an array of 100,000 per pick.
 */
class RankedSet {
  private readonly tree: Int32Array;
  private readonly top: number;
  constructor(private readonly n: number) {
    this.tree = new Int32Array(n + 1);
    for (let i = 1; i <= n; i++) {
      this.tree[i]! += 1;
      const j = i + (i & -i);
      if (j <= n) this.tree[j]! += this.tree[i]!;
    }
    let top = 1;
    while (top * 2 <= n) top *= 2;
    this.top = top;
  }
  takeKth(k: number): number {
    let pos = 0;
    let rest = k + 1;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.n && this.tree[next]! < rest) { pos = next; rest -= this.tree[next]!; }
    }
    for (let i = pos + 1; i <= this.n; i += i & -i) this.tree[i]! -= 1;
    return pos;
  }
}

// ---------------------------------------------------------------- commitment and replay

export interface DrawCommitmentInput {
  /** The pool after filters and recusal: expert ids, sorted by code unit (sortPool). */
  pool: readonly string[];
  /** The filters that made the pool, as published (specialties, region…). */
  filters: Record<string, unknown>;
  algorithm: string;
  /** Experts to seat (the committee less the buyer's representatives). */
  expertSeats: number;
  /** Further experts drawn in order, to replace any who decline. */
  reserves: number;
  /** The public value the seed will be, named before it exists, and when it becomes known. */
  seedSource: string;
  seedDueAt: string;
  /** What is drawn for: the tender's id. */
  subject: string;
  /**
   * A random value kept secret with the text until the bidders' seal lifts (docs/experts.md, "Before the opening"):
   * without it, whoever knows the pool's ids (the draw operators, the supervisors) could hash every guess of the
   * excluded experts against the published commitment hash and so count the bidders' people. Draws committed before it
   * had none (their text has no `salt` key and still hashes the same).
   */
  salt?: string | undefined;
}

export const sortPool = (ids: Iterable<string>) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** SHA-256 of the pool ids, one per line in their sorted order. */
export function poolHash(pool: readonly string[]): string {
  const h = createHash('sha256');
  pool.forEach((id, i) => h.update(i === 0 ? id : `\n${id}`));
  return h.digest('hex');
}

/** The text whose SHA-256 is the commitment: keys in a fixed order, so any client can rebuild it. */
export function commitmentText(c: DrawCommitmentInput): string {
  return JSON.stringify({
    algorithm: c.algorithm, subject: c.subject, poolSize: c.pool.length, poolHash: poolHash(c.pool),
    filters: sortedKeys(c.filters), expertSeats: c.expertSeats, reserves: c.reserves,
    seedSource: c.seedSource, seedDueAt: c.seedDueAt, salt: c.salt,
  });
}

export const commitmentHash = (c: DrawCommitmentInput) => createHash('sha256').update(commitmentText(c)).digest('hex');

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, x]) => [k, sortedKeys(x)]));
}

/** How many to draw: the seats and the reserves, no more than the pool holds. */
export const drawLength = (poolSize: number, expertSeats: number, reserves: number) => Math.min(poolSize, expertSeats + reserves);

export interface DrawResult { key: string; order: string[] }

/** The draw: the key string from the seed sources, then the RFC selection over the sorted pool. */
export function drawOrder(pool: readonly string[], expertSeats: number, reserves: number, seed: readonly SeedSource[]): DrawResult {
  const key = keyString(seed);
  const positions = rfc3797Select(key, pool.length, drawLength(pool.length, expertSeats, reserves));
  return { key, order: positions.map((p) => pool[p - 1]!) };
}
