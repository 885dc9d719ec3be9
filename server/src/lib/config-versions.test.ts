import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VersionedCache } from './config-versions.ts';

// lib/config-versions.ts without a database: when a copy serves, when it is read again (the database side: config-cache.test.ts).
test('a copy serves a request that read its version or an older one; a newer version reads again; no versions, no copy', async () => {
  const cache = new VersionedCache<string, number>('trading_award');
  let reads = 0;
  const load = () => Promise.resolve(++reads);
  assert.equal(await cache.get('k', undefined, load), 1);
  assert.equal(await cache.get('k', undefined, load), 2, 'without versions: read every time');
  assert.equal(await cache.get('k', {}, load), 3, 'without this kind: read, not kept');
  assert.equal(await cache.get('k', { trading_award: 5 }, load), 4);
  assert.equal(await cache.get('k', { trading_award: 5 }, load), 4, 'the copy of version 5');
  assert.equal(await cache.get('k', { trading_award: 4 }, load), 4, 'an older version: the copy is no older');
  assert.equal(await cache.get('k', { trading_award: 6 }, load), 5, 'a newer version: read again');
  assert.equal(await cache.get('other', { trading_award: 6 }, load), 6, 'each key its own copy');
  assert.equal(reads, 6);
});

test('a copy whose read fails is not kept, and a request waiting on it reads for itself', async () => {
  const cache = new VersionedCache<string, string>('calendar');
  let fail!: (e: Error) => void;
  const first = cache.get('460000', { calendar: 1 }, () => new Promise<string>((_, reject) => { fail = reject; }));
  const waiting = cache.get('460000', { calendar: 1 }, () => Promise.resolve('own read'));
  fail(new Error('connection lost'));
  await assert.rejects(first, /connection lost/);
  assert.equal(await waiting, 'own read');
  assert.equal(await cache.get('460000', { calendar: 1 }, () => Promise.resolve('fresh')), 'fresh', 'the failed read was not kept');
});

test('the copies kept are bounded, the oldest dropped first', async () => {
  const cache = new VersionedCache<number, number>('event_subscriptions', 2);
  let reads = 0;
  const load = () => Promise.resolve(++reads);
  for (const k of [1, 2, 3]) await cache.get(k, { event_subscriptions: 1 }, load);
  assert.equal(await cache.get(3, { event_subscriptions: 1 }, load), 3, 'the newest is kept');
  assert.equal(await cache.get(1, { event_subscriptions: 1 }, load), 4, 'the oldest was dropped: read again');
});
