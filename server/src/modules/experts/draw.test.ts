import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  commitmentHash, commitmentText, digestRemainder, DRAW_ALGORITHM, drawOrder, keyString, poolHash, rfc3797Select,
  selectionDigest, sortPool, type DrawCommitmentInput,
} from './draw.ts';

/*
 * RFC 3797 §6 ("Fully Worked Example"): a pool of 25 volunteers, 10 selected, with three public
 * sources: 9319 (one number), the five numbers 2 5 12 8 10 (as drawn, unsorted) and the six numbers
 * 9 18 26 34 41 45. The key string, the sixteen MD5 values the RFC prints (the first for index 0,
 * i.e. the key between two bytes 00 00) and the ten selected volunteers are the RFC's. They were read
 * from the RFC's section 6 as quoted by independent implementations (the Perl
 * Algorithm::Voting::Sortition test suite, the Python votelib and the Go kleroterion tests, all
 * citing rfc3797#section-6 and agreeing with each other); the search tool here returns the RFC page
 * only from its beginning, so section 6 itself could not be read directly.
 */
const RFC_SOURCES = [[9319], [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]];
const RFC_KEY = '9319./2.5.8.10.12./9.18.26.34.41.45./';
const RFC_DIGESTS = [
  '990DD0A5692A029A98B5E01AA28F3459', '3691E55CB63FCC37914430B2F70B5EC6', 'FE814EDF564C190AC1D25753979990FA',
  '1863CCACEB568C31D7DDBDF1D4E91387', 'F4AB33DF4889F0AF29C513905BE1D758', '13EAEB529F61ACFB9A29D0BA3A60DE4A',
  '992DB77C382CA2BDB9727001F3CDCCD9', '63AB4258ECA922976811C7F55C383CE7', 'DFBC5AC97CED01B3A6E348E3CC63F40D',
  '31CB111C4A4EBE9287CEAE16FE51B909', '07FA46C122F164C215BBC72793B189A3', 'AC52F8D75CCBE2E61AFEB3387637D501',
  '53306F73E14FC0B2FBF434218D25948E', 'B5D1403501A81F9A47318BE7893B347C', '85B10B356AA06663EF1B1B407765100A',
  '3269E6CE559ABD57E2BA6AAB495EB9BD',
];
const RFC_POOL = [
  'John', 'Mary', 'Bashful', 'Dopey', 'Sleepy', 'Grouchy', 'Doc', 'Sneazy', 'Handsome', 'Cassandra',
  'Pollyanna', 'Pendragon', 'Pandora', 'Faith', 'Hope', 'Charity', 'Lee', 'Longsuffering', 'Chastity', 'Smith',
  'Pride', 'Sloth', 'Envy', 'Anger', 'Kasczynski',
];
const RFC_SELECTED = [17, 7, 2, 16, 25, 23, 8, 24, 19, 13];
const RFC_SELECTED_NAMES = ['Lee', 'Doc', 'Mary', 'Charity', 'Kasczynski', 'Envy', 'Sneazy', 'Anger', 'Chastity', 'Pandora'];

test('RFC 3797 §6: the key string sorts each source and ends values with "." and sources with "/"', () => {
  assert.equal(keyString(RFC_SOURCES), RFC_KEY);
  // The order the balls came out in does not change the key; strings and leading zeros neither.
  assert.equal(keyString([['9319'], ['10', '8', '12', '05', '2'], [45, 41, 34, 26, 18, 9]]), RFC_KEY);
});

test('RFC 3797 §6: the MD5 of the key between the two index bytes, for indexes 0..15', () => {
  RFC_DIGESTS.forEach((hex, i) => assert.equal(selectionDigest(RFC_KEY, i).toString('hex').toUpperCase(), hex, `index ${i}`));
});

test('RFC 3797 §6: ten selected from 25, in the RFC\'s order', () => {
  assert.deepEqual(rfc3797Select(RFC_KEY, 25, 10), RFC_SELECTED);
  assert.deepEqual(rfc3797Select(RFC_KEY, 25, 10).map((p) => RFC_POOL[p - 1]), RFC_SELECTED_NAMES);
  // The first pick is the first digest modulo 25 (remainder 16: the 17th), the second modulo 24.
  assert.equal(digestRemainder(Buffer.from(RFC_DIGESTS[0]!, 'hex'), 25), 16);
  assert.equal(digestRemainder(Buffer.from(RFC_DIGESTS[1]!, 'hex'), 24), 6);
});

test('the remainder of the 128-bit digest equals the BigInt remainder, for pools beyond 65,535', () => {
  for (const [i, hex] of RFC_DIGESTS.entries()) {
    for (const d of [1, 7, 25, 65_536, 100_000, 1_000_003]) {
      assert.equal(digestRemainder(Buffer.from(hex, 'hex'), d), Number(BigInt(`0x${hex}`) % BigInt(d)), `digest ${i} mod ${d}`);
    }
  }
});

test('the selection takes each position at most once and extends the shorter draw (a longer list starts with the shorter one)', () => {
  const long = rfc3797Select(RFC_KEY, 100_000, 40);
  assert.equal(new Set(long).size, 40);
  assert.ok(long.every((p) => p >= 1 && p <= 100_000));
  assert.deepEqual(rfc3797Select(RFC_KEY, 100_000, 15), long.slice(0, 15));
  // The whole pool drawn is a permutation of it.
  assert.deepEqual([...rfc3797Select(RFC_KEY, 25, 25)].sort((a, b) => a - b), Array.from({ length: 25 }, (_, i) => i + 1));
});

test('bad seeds and sizes are refused', () => {
  assert.throws(() => keyString([]), RangeError);
  assert.throws(() => keyString([[]]), RangeError);
  assert.throws(() => keyString([['-3']]), RangeError);
  assert.throws(() => keyString([['1.5']]), RangeError);
  assert.throws(() => keyString([[2 ** 60]]), RangeError);
  assert.throws(() => rfc3797Select(RFC_KEY, 5, 6), RangeError);
  assert.throws(() => rfc3797Select(RFC_KEY, 0, 0), RangeError);
});

const commitment = (over: Partial<DrawCommitmentInput> = {}): DrawCommitmentInput => ({
  pool: sortPool(['c', 'a', 'b', 'd', 'e', 'f', 'g']), filters: { specialties: ['water'], region: '4601' }, algorithm: DRAW_ALGORITHM,
  expertSeats: 5, reserves: 2, seedSource: 'lottery', seedDueAt: '2026-12-10T02:00:00.000Z', subject: 't1', ...over,
});

test('the commitment changes with every element it binds, and not with the order filters were written in', () => {
  const base = commitmentHash(commitment());
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(commitmentHash(commitment({ filters: { region: '4601', specialties: ['water'] } })), base);
  for (const over of [
    { pool: sortPool(['a', 'b', 'c', 'd', 'e', 'f', 'h']) }, { filters: { specialties: ['road'], region: '4601' } },
    { algorithm: 'rfc3797-md5/v2' }, { expertSeats: 7 }, { reserves: 3 }, { seedSource: 'another lottery' },
    { seedDueAt: '2026-12-11T02:00:00.000Z' }, { subject: 't2' },
  ] satisfies Partial<DrawCommitmentInput>[]) assert.notEqual(commitmentHash(commitment(over)), base, JSON.stringify(over));
  assert.equal(JSON.parse(commitmentText(commitment())).poolHash, poolHash(['a', 'b', 'c', 'd', 'e', 'f', 'g']));
});

test('the salt: another salt another hash; a commitment without one (made before it) keeps its text and hash', () => {
  const salted = commitment({ salt: '0123456789abcdef0123456789abcdef' });
  assert.notEqual(commitmentHash(salted), commitmentHash(commitment({ salt: 'fedcba9876543210fedcba9876543210' })));
  assert.notEqual(commitmentHash(salted), commitmentHash(commitment()));
  assert.equal(JSON.parse(commitmentText(salted)).salt, salted.salt);
  assert.ok(!('salt' in JSON.parse(commitmentText(commitment()))));
  assert.equal(commitmentText(commitment()), JSON.stringify({
    algorithm: DRAW_ALGORITHM, subject: 't1', poolSize: 7, poolHash: poolHash(['a', 'b', 'c', 'd', 'e', 'f', 'g']),
    filters: { region: '4601', specialties: ['water'] }, expertSeats: 5, reserves: 2, seedSource: 'lottery', seedDueAt: '2026-12-10T02:00:00.000Z',
  }));
});

test('the draw is a function of the seed: same seed same order, another seed another order', () => {
  const pool = sortPool(Array.from({ length: 500 }, (_, i) => `expert-${i}`));
  const a = drawOrder(pool, 7, 7, RFC_SOURCES);
  assert.deepEqual(drawOrder(pool, 7, 7, [[45, 9, 41, 18, 34, 26], [10, 2, 8, 5, 12], [9319]].reverse()), a);
  assert.equal(a.order.length, 14);
  assert.notDeepEqual(drawOrder(pool, 7, 7, [[9319], [2, 5, 8, 10, 13], [9, 18, 26, 34, 41, 45]]).order, a.order);
  // A pool smaller than seats + reserves is drawn whole.
  assert.equal(drawOrder(pool.slice(0, 9), 7, 7, RFC_SOURCES).order.length, 9);
});

test('every expert is equally likely to be drawn first (chi-square over 20,000 seeds, 10 experts)', () => {
  const pool = sortPool(Array.from({ length: 10 }, (_, i) => `e${i}`));
  const counts = new Map<string, number>();
  const n = 20_000;
  for (let s = 0; s < n; s++) {
    const first = drawOrder(pool, 1, 0, [[s]]).order[0]!;
    counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  const expected = n / 10;
  const chi2 = [...counts.values()].reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
  assert.equal(counts.size, 10);
  // 9 degrees of freedom: 27.88 is the 0.1 % critical value.
  assert.ok(chi2 < 27.88, `chi-square ${chi2.toFixed(2)}`);
});
