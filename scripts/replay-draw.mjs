#!/usr/bin/env node
// Replays a published expert draw from its proof, with nothing but Node's own crypto, so anyone can
// check it without trusting the platform's code (docs/experts.md, "Checking a draw yourself").
//
//   node scripts/replay-draw.mjs https://center.example/api/public/draws/<id>/proof
//   node scripts/replay-draw.mjs proof.json
//
// It checks that the commitment text hashes to the published commitment, that the published pool
// is the one the commitment bound, and that RFC 3797 on the published seed gives the published order.
// Exit code 0 when every check passes, 1 otherwise.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

const sha256 = (s) => createHash('sha256').update(s).digest('hex');

/** RFC 3797 §4: per source, integers ascending each followed by "."; each source ends with "/". */
export function keyString(sources) {
  return sources.map((src) => src.map((v) => BigInt(String(v).trim()))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((v) => `${v}.`).join('') + '/').join('');
}

/** RFC 3797 §4: pick i is MD5(i as 2 bytes ‖ key ‖ i as 2 bytes) mod (pool − i), counted among those not yet picked. */
export function select(key, poolSize, count) {
  const left = Array.from({ length: poolSize }, (_, i) => i + 1);
  const out = [];
  for (let i = 0; i < count; i++) {
    const idx = Buffer.from([i >> 8, i & 0xff]);
    const digest = createHash('md5').update(idx).update(Buffer.from(key, 'ascii')).update(idx).digest();
    const k = Number(BigInt(`0x${digest.toString('hex')}`) % BigInt(poolSize - i));
    out.push(left.splice(k, 1)[0]);
  }
  return out;
}

export function replay(proof) {
  const checks = [];
  const check = (name, ok, detail = '') => checks.push({ name, ok, detail });
  if (proof.commitment.text === null) {
    check('the draw is published', false, 'only the commitment\'s hash is public before the result: its text would count the experts recused for a bidder\'s sake');
    return checks;
  }
  check('commitment text hashes to the published commitment', sha256(proof.commitment.text) === proof.commitment.hash);
  const c = JSON.parse(proof.commitment.text);
  if (!proof.pool || !proof.seed || !proof.order) {
    check('the draw is published', false, 'the pool, seed and order are published with the result; only the commitment is public before');
    return checks;
  }
  check('pool is the committed pool', c.poolSize === proof.pool.length && sha256(proof.pool.join('\n')) === c.poolHash);
  check('pool is sorted', proof.pool.every((id, i) => i === 0 || proof.pool[i - 1] < id));
  const key = keyString(proof.seed);
  check('key string from the seed', key === proof.keyString, key);
  const count = Math.min(c.poolSize, c.expertSeats + c.reserves);
  const order = select(key, proof.pool.length, count).map((p) => proof.pool[p - 1]);
  check('drawn order replays', JSON.stringify(order) === JSON.stringify(proof.order));
  return checks;
}

async function main(arg) {
  if (!arg) { console.error('usage: node scripts/replay-draw.mjs <proof URL or file>'); process.exit(2); }
  const text = /^https?:\/\//.test(arg) ? await (await fetch(arg)).text() : await readFile(arg, 'utf8');
  const checks = replay(JSON.parse(text));
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail ? ` (${c.detail})` : ''}`);
  process.exit(checks.every((c) => c.ok) ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv[2]);
