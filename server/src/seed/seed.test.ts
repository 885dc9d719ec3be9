import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../test/harness.ts';
import { DEMO_ITEMS } from './demo-catalog.ts';
import { seedDemo } from './seed.ts';
import { NETWORK_ITEM_COUNT } from './demo-network.ts';
import { sm2Decrypt } from '../modules/bids/bid-envelope.ts';
import { DEMO_CUSTODIANS, DEMO_KEY_THRESHOLD, demoOfficialPrivateKey } from '../modules/bids/bids.seed.ts';
import { rebuildTenderKey } from '../modules/bids/tender-key.ts';
import { DEMO_TRADING_PROJECT } from '../modules/trading/trading.seed.ts';

let t: TestApp;
before(async () => { t = await testApp(); });
after(async () => { await t.close(); });

const count = async (table: 'items' | 'users' | 'files' | 'item_versions') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

test('the demo data is there once, and seeding again changes nothing', async () => {
  const before = { items: await count('items'), users: await count('users'), files: await count('files'), versions: await count('item_versions') };
  // Issue 17: the province's basic item of the network and its county and township implementations (demo-network.ts).
  assert.equal(before.items, DEMO_ITEMS.length + NETWORK_ITEM_COUNT);
  assert.ok(before.items >= 80);
  const report = await seedDemo(t.ctx);
  assert.equal(report.itemsCreated, 0);
  assert.equal(report.staff, 0);
  assert.deepEqual({ items: await count('items'), users: await count('users'), files: await count('files'), versions: await count('item_versions') }, before);
});

test('the demo tender is published with its bid key, made first and held 2 of 2 by the demo officials (one of each body), whose demo private keys open their shares and rebuild the key', async () => {
  const tender = await t.ctx.db.selectFrom('tenders as t').innerJoin('trading_projects as p', 'p.id', 't.project_id')
    .select(['t.id', 't.status', 't.public_key', 't.key_threshold', 't.key_shares']).where('p.code', '=', DEMO_TRADING_PROJECT).executeTakeFirstOrThrow();
  assert.equal(tender.status, 'published');
  const publicKey = tender.public_key;
  assert.ok(publicKey, 'the demo tender has its public key');
  assert.deepEqual([tender.key_threshold, tender.key_shares], [DEMO_KEY_THRESHOLD, DEMO_CUSTODIANS.length]);
  const revisions = await t.ctx.db.selectFrom('tender_revisions').select(['action', 'to_status']).where('tender_id', '=', tender.id).orderBy('version').execute();
  assert.deepEqual(revisions.map((r) => [r.action, r.to_status]), [['create', 'draft'], ['bid_key', 'draft'], ['publish', 'published']]);
  const shares = await t.ctx.db.selectFrom('tender_key_shares as s').innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.username', 's.encrypted_share']).where('s.tender_id', '=', tender.id).orderBy('s.share_no').execute();
  assert.deepEqual(shares.map((s) => s.username), [...DEMO_CUSTODIANS]);
  const opened = shares.map((s) => sm2Decrypt(demoOfficialPrivateKey(s.username ?? ''), s.encrypted_share));
  assert.ok(opened.every((x) => x !== null), 'each demo official reads their share with the documented demo key');
  const key = await t.ctx.db.selectFrom('tender_bid_keys').select('key_check').where('tender_id', '=', tender.id).executeTakeFirstOrThrow();
  // The two shares rebuild the tender's key (the opening in a demo).
  const opener = await rebuildTenderKey([opened[0]!, opened[1]!], { publicKey, keyCheck: key.key_check });
  assert.match(opener.keyId, /^[0-9a-f]{64}$/);
});

test('demo items spread over at least 12 departments and the levels of the network', async () => {
  const rows = await t.ctx.db.selectFrom('items').select(['department_id', 'level']).execute();
  assert.ok(new Set(rows.map((r) => r.department_id)).size >= 12);
  assert.deepEqual(new Set(rows.map((r) => r.level)), new Set(['province', 'city', 'county', 'township']));
});

test('a generated template PDF renders Chinese text to visible pixels', async (ctx) => {
  const file = await t.ctx.db.selectFrom('files').selectAll().where('mime', '=', 'application/pdf').limit(1).executeTakeFirstOrThrow();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-pdf-'));
  const src = path.join(t.config.filesDir, file.storage_key);
  const text = execFileSync('pdftotext', [src, '-'], { encoding: 'utf8' });
  assert.match(text, /申请人承诺/);
  execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', '-gray', src, path.join(dir, 'p')]);
  const pgm = fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]!));
  // PGM: header then one byte per pixel; a blank page is all 255.
  const pixels = pgm.subarray(pgm.length - 300 * 400 > 0 ? pgm.length - 300 * 400 : 0);
  const dark = pixels.filter((b) => b < 128).length;
  assert.ok(dark > 500, `the page has ink (${dark} dark pixels)`);
  fs.rmSync(dir, { recursive: true, force: true });
  ctx.diagnostic(`${dark} dark pixels on page 1 of ${file.name}`);
});
