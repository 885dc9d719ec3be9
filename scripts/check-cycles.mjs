#!/usr/bin/env node
// Fails (exit 1) on any import cycle that touches the domain code: between two files under
// server/src/modules, server/src/events or server/src/policies, and between the domains themselves
// (each modules/<name> folder, events/ and policies/ taken as one node). A module that reacts to
// another subscribes to its events; the module that acts never imports it. Type-only imports count:
// they are coupling too. Test files are left out (nothing imports them, and a test may drive several
// modules). Run by `npm test` before the tests; `node scripts/check-cycles.mjs` runs it alone.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const { output } = await cruise(['server/src'], {
  doNotFollow: { path: 'node_modules' },
  exclude: { path: ['node_modules', '\\.test\\.ts$'] },
  tsPreCompilationDeps: true,
  // Node's own modules and packages are not ours to check.
  includeOnly: '^server/src/',
});

const SCOPE = /^server\/src\/(modules\/[^/]+|events|policies)\//;
/** A file's domain (modules/cases, events, …), or null outside the domain code. */
const domainOf = (file) => file.match(SCOPE)?.[1] ?? null;

const edges = new Map();
for (const m of output.modules) {
  edges.set(m.source, m.dependencies.filter((d) => d.resolved.startsWith('server/src/')).map((d) => d.resolved));
}

/** Strongly connected components (Tarjan), each of more than one node or with a self-loop: the cycles. */
function cycles(graph) {
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do { w = stack.pop(); on.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const problems = [];
// 1. Files: any cycle with a file of the domain code in it.
for (const scc of cycles(edges)) {
  if (scc.some((f) => domainOf(f))) problems.push(`files import each other in a cycle:\n    ${scc.join('\n    ')}`);
}
// 2. Domains: each domain one node, every other file its own node (a cycle through lib/ counts too).
const collapsed = new Map();
const node = (f) => domainOf(f) ?? f;
for (const [from, tos] of edges) {
  const a = node(from);
  const set = collapsed.get(a) ?? new Set();
  for (const t of tos) if (node(t) !== a) set.add(node(t));
  collapsed.set(a, set);
}
const domainGraph = new Map([...collapsed].map(([k, v]) => [k, [...v]]));
for (const scc of cycles(domainGraph)) {
  if (!scc.some((n) => SCOPE.test(`server/src/${n}/`))) continue;
  // Name the imports that close the cycle, so the fix is obvious.
  const members = new Set(scc);
  const via = [];
  for (const [from, tos] of edges) for (const t of tos) {
    if (members.has(node(from)) && members.has(node(t)) && node(from) !== node(t)) via.push(`${from} → ${t}`);
  }
  problems.push(`domains import each other in a cycle: ${scc.join(' ⇄ ')}\n    ${via.join('\n    ')}`);
}

if (problems.length) {
  console.error(`Import cycles (${problems.length}); a module that reacts subscribes to events, the one that acts does not import it:`);
  for (const p of problems) console.error(`  ✗ ${p}`);
  process.exit(1);
}
console.log(`import cycles: none (${edges.size} files, ${[...domainGraph.keys()].filter((n) => SCOPE.test(`server/src/${n}/`)).length} domains)`);
