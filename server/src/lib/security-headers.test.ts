import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../test/harness.ts';

// lib/security-headers.ts: helmet's headers computed once are the very headers @fastify/helmet set per
// request with the same options (recorded from it before the change, issue 18), on answers and on refusals.
const EXPECTED = {
  'content-security-policy': "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'self';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
let t: TestApp;
before(async () => { t = await testApp(); });
after(() => t.close());

test('every answer carries the same security headers, a refusal as well', async () => {
  for (const [method, url, status] of [['GET', '/api/health', 200], ['GET', '/api/cases/00000000-0000-0000-0000-000000000000', 401], ['POST', '/api/nowhere', 404]] as const) {
    const r = await t.app.inject({ method, url });
    assert.equal(r.statusCode, status, url);
    for (const [name, value] of Object.entries(EXPECTED)) assert.equal(r.headers[name], value, `${url}: ${name}`);
    assert.equal(r.headers['x-powered-by'], undefined);
  }
});
