import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { testApp, type TestApp } from './test/harness.ts';
import { precompressFile } from '../../web/build/compress.ts';

// A web build in miniature, precompressed by the same step as `vite build`, served by the real app.
const ASSET = '/assets/index-Ab12Cd34.js';
const SCRIPT = `export const texts = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `办事指南 guide line ${i}`))};\n`;
const INDEX = `<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><title>海南省政务服务网</title>${' '.repeat(1200)}` +
  `<script type="module" src="${ASSET}"></script></head><body><div id="root"></div></body></html>`;

let t: TestApp;
let app: FastifyInstance;
let dist: string;
before(async () => {
  t = await testApp();
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-web-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dist, ASSET), SCRIPT);
  await precompressFile(path.join(dist, 'index.html'));
  await precompressFile(path.join(dist, ASSET));
  app = await buildApp(t.ctx, { webDist: dist });
});
after(async () => {
  await app.close();
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

test('a hashed asset comes back brotli-compressed when the browser accepts br, cached immutably for a year', async () => {
  const r = await app.inject({ method: 'GET', url: ASSET, headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['content-encoding'], 'br');
  assert.match(String(r.headers['content-type']), /javascript/);
  assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(String(r.headers.vary), /accept-encoding/i);
  assert.ok(r.rawPayload.length < Buffer.byteLength(SCRIPT) / 3, `br body ${r.rawPayload.length} bytes of ${Buffer.byteLength(SCRIPT)}`);
  assert.equal(zlib.brotliDecompressSync(r.rawPayload).toString(), SCRIPT);
});

test('gzip is served to a client without brotli, the plain file to one accepting neither, each cached immutably', async () => {
  const gz = await app.inject({ method: 'GET', url: ASSET, headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(zlib.gunzipSync(gz.rawPayload).toString(), SCRIPT);
  assert.equal(gz.headers['cache-control'], 'public, max-age=31536000, immutable');
  const plain = await app.inject({ method: 'GET', url: ASSET, headers: { 'accept-encoding': 'identity' } });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body, SCRIPT);
  assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
});

test('index.html is compressed but never cached immutably: at /, at an app route and by name', async () => {
  for (const url of ['/', '/workbench/cases/123', '/index.html']) {
    const r = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
    assert.equal(r.statusCode, 200, url);
    assert.equal(r.headers['cache-control'], 'no-cache', url);
    assert.equal(r.headers['content-encoding'], 'br', url);
    assert.match(String(r.headers['content-type']), /text\/html/, url);
    assert.equal(zlib.brotliDecompressSync(r.rawPayload).toString(), INDEX, url);
  }
});

test('a missing asset is a 404, not the app page', async () => {
  const r = await app.inject({ method: 'GET', url: '/assets/gone-Zz99Yy88.js', headers: { 'accept-encoding': 'br' } });
  assert.equal(r.statusCode, 404);
  assert.notEqual(r.headers['cache-control'], 'public, max-age=31536000, immutable');
});

test("each face's dictionary parts hold every text key its pages show (web/build/check-faces.mjs)", () => {
  const r = spawnSync(process.execPath, ['web/build/check-faces.mjs'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /face portal: core, cases, joint, delivery, messages, ratings, hotline, portalux, trading, bids, disclosure, tdisputes — ok/); // issue 11: delivery texts; issue 13: the message centre, ratings, "my appeals"; issue 14: portalux; issue 16: tender notices, sealed bids, questions and objections on the tender page; issue 17: the disclosure point
});
