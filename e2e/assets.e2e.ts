import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import { startE2E, type E2E } from './harness.ts';

// The real build (web/dist, precompressed by `vite build`) served by the real server, in Chromium.
let e: E2E;
before(async () => { e = await startE2E(); });
after(async () => { await e.close(); });

const dictionaryChunk = (url: string) => /\/assets\/(zh|en)(?:\.(\w+))?-[\w-]+\.js$/.exec(url);

test('the built app comes precompressed: index.html revalidated, its hashed scripts brotli and immutable', async () => {
  const index = await fetch(`${e.baseUrl}/`, { headers: { 'accept-encoding': 'br' } });
  assert.equal(index.headers.get('content-encoding'), 'br');
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const html = await index.text();
  const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script, `an entry script in ${html.slice(0, 400)}`);
  const plain = Buffer.from(await (await fetch(`${e.baseUrl}${script}`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
  // node:http, not fetch: the body as sent, still compressed.
  const { headers, body: raw } = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http.get(`${e.baseUrl}${script}`, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) })).on('error', reject);
    }).on('error', reject);
  });
  assert.equal(headers['content-encoding'], 'br');
  assert.equal(headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.ok(raw.length < plain.length / 2, `brotli ${raw.length} bytes of ${plain.length}`);
  assert.deepEqual(zlib.brotliDecompressSync(raw), plain);
});

test('the portal home loads only the Chinese texts it shows; switching language loads the English ones', async () => {
  const page = await e.newPage();
  const scripts: string[] = [];
  page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(r.url()); });
  await page.goto('/');
  await page.getByTestId('home-page').waitFor();
  // No key on screen: the first paint waited for the texts.
  assert.ok(/[\u4e00-\u9fff]/.test(await page.getByTestId('search-button').innerText()));
  const first = scripts.map(dictionaryChunk).filter((m) => m !== null).map((m) => `${m[1]}.${m[2] ?? 'core'}`).sort();
  // The portal face's parts (dictionaries.ts FACE_PARTS): delivery came with issue 11 (the applicant's delivery choice);
  // messages, ratings and hotline with issue 13 (the bell, rating a case, my appeals); portalux with issue 14; trading and bids with issue 16 (the nav link to the notices, a bidder's page), tdisputes with its questions and complaints (the tender page); disclosure with issue 17 (the nav link to the disclosure point).
  assert.deepEqual(first, ['zh.bids', 'zh.cases', 'zh.core', 'zh.delivery', 'zh.disclosure', 'zh.hotline', 'zh.joint', 'zh.messages', 'zh.portalux', 'zh.ratings', 'zh.tdisputes', 'zh.trading'], 'the portal face in Chinese only');
  assert.ok(!scripts.some((u) => /\/assets\/echarts-/.test(u)), 'no charts on the home page');

  scripts.length = 0;
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.getByTestId('search-button').innerText(), 'Search');
  const switched = scripts.map(dictionaryChunk).filter((m) => m !== null).map((m) => `${m[1]}.${m[2] ?? 'core'}`).sort();
  assert.deepEqual(switched, ['en.bids', 'en.cases', 'en.core', 'en.delivery', 'en.disclosure', 'en.hotline', 'en.joint', 'en.messages', 'en.portalux', 'en.ratings', 'en.tdisputes', 'en.trading'], 'the English texts of the parts shown so far');
});
