#!/usr/bin/env node
// Checks that each face's dictionary parts (web/src/i18n/dictionaries.ts, FACE_PARTS) hold every
// text key its pages can show: `node web/build/check-faces.mjs` lists the keys a face uses outside
// its parts and exits 1. It follows the imports from each page the routes in App.tsx load for the
// face (`page('face', () => import(…))`), reads quoted keys and key prefixes (`` `caseStatus.${…}` ``,
// `enumLabel(t, 'mode', …)`); a prefix needs every key under it. Static analysis, so it can only
// over-report (a prefix shared by two parts); a face that misses a part still works, by loading the
// rest of its language on the first missing key (i18n/index.tsx), but shows the key meanwhile.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const read = (f) => fs.readFileSync(f, 'utf8');
const dictionaries = read(path.join(src, 'i18n/dictionaries.ts'));
const partFile = Object.fromEntries([...dictionaries.matchAll(/^\s{4}(\w+): \(\) => import\('\.\/(zh[\w.]*)'\)/gm)].map((m) => [m[1], `${m[2]}.ts`]));
const allParts = Object.keys(partFile);
const faceParts = {};
for (const m of dictionaries.matchAll(/^\s{2}(\w+): (\[[^\]]*\]|ALL_PARTS),$/gm)) {
  faceParts[m[1]] = m[2] === 'ALL_PARTS' ? allParts : [...m[2].matchAll(/'(\w+)'/g)].map((x) => x[1]);
}
const keyPart = new Map();
for (const [part, file] of Object.entries(partFile)) {
  for (const m of read(path.join(src, 'i18n', file)).matchAll(/^\s+'([^']+)':/gm)) keyPart.set(m[1], part);
}

function resolve(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.tsx`, `${base}.ts`, `${base}/index.tsx`, `${base}/index.ts`].find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
}
/** Every module reachable by static and dynamic imports, outside i18n/. */
function graph(entries) {
  const seen = new Set();
  const stack = [...entries];
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f) || f.includes(`${path.sep}i18n${path.sep}`)) continue;
    seen.add(f);
    for (const m of read(f).matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const r = resolve(f, m[1]);
      if (r) stack.push(r);
    }
  }
  return seen;
}
/** Coded values whose prefix is shared with other texts: the codes enumLabel can be given for them. */
const ENUM_CODES = { hall: ['draft', 'in_hall', 'removed'] }; // an item's hall status, not the hall screen's texts

function keysUsed(files) {
  const used = new Set();
  for (const f of files) {
    const txt = read(f);
    const literals = new Set([...txt.matchAll(/['"`]([A-Za-z]+\.[\w.]+)['"`]/g)].map((m) => m[1]));
    const prefixes = [...txt.matchAll(/`([A-Za-z]+\.[\w.]*)\$\{/g)].map((m) => m[1]);
    for (const m of txt.matchAll(/enumLabel\(t, '(\w+)'/g)) {
      if (ENUM_CODES[m[1]]) for (const code of ENUM_CODES[m[1]]) literals.add(`${m[1]}.${code}`);
      else prefixes.push(`${m[1]}.`);
    }
    for (const k of keyPart.keys()) if (literals.has(k) || prefixes.some((p) => k.startsWith(p))) used.add(k);
  }
  return used;
}

const app = path.join(src, 'App.tsx');
const entries = {};
for (const m of read(app).matchAll(/page\('(\w+)', \(\) => import\('([^']+)'\)/g)) (entries[m[1]] ??= []).push(resolve(app, m[2]));
// The portal's layout is not lazy: it renders with every portal page.
entries.portal.push(path.join(src, 'portal/PortalLayout.tsx'));
let failed = false;
for (const [face, files] of Object.entries(entries)) {
  const parts = faceParts[face];
  if (!parts) { console.log(`face ${face}: not in FACE_PARTS`); failed = true; continue; }
  const outside = [...keysUsed(graph(files))].filter((k) => !parts.includes(keyPart.get(k)));
  if (outside.length) {
    failed = true;
    console.log(`face ${face} (parts ${parts.join(', ')}) uses keys of other parts:\n${outside.map((k) => `  ${k} (${keyPart.get(k)})`).join('\n')}`);
  } else console.log(`face ${face}: ${parts.join(', ')} — ok`);
}
process.exit(failed ? 1 : 0);
