import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vite';
import type { ChunkingContext } from 'rolldown';
import react from '@vitejs/plugin-react';
import { precompress } from './build/compress.ts';
import { preloadShell } from './build/preload.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The modules the portal home page (the address most visits open with) needs before it can paint:
 * everything the app shell (src/start.tsx) and the page import statically, minus the small entry's
 * own modules (src/main.tsx, which must stay a few KB so it runs at once) and the groups below that
 * take precedence (React). One chunk instead of some thirty: under HTTP/1.1's six connections each
 * small file costs a round trip, and the other pages share most of these (antd's core, inputs, tags).
 */
const FIRST_PAGE_ROOTS = ['src/start.tsx', 'src/portal/HomePage.tsx'].map((f) => path.join(root, f));
const ENTRY = path.join(root, 'src/main.tsx');
/**
 * Index modules that re-export a whole library: the graph lists every component under them, though
 * the build keeps only those imported by name. Through these the walk follows the names a source
 * file imports (`import { Select } from 'antd'` → antd/es/select/index.js) instead of the index.
 */
const BARRELS: Array<{ id: RegExp; from: string; file: (dir: string, name: string) => string }> = [
  { id: /[\\/]node_modules[\\/]antd[\\/]es[\\/]index\.js$/, from: 'antd',
    file: (dir, name) => path.join(dir, name.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase()), 'index.js') },
  { id: /[\\/]node_modules[\\/]@ant-design[\\/]icons[\\/]es[\\/]index\.js$/, from: '@ant-design/icons',
    file: (dir, name) => path.join(dir, 'icons', `${name}.js`) },
];

function namedImports(file: string, from: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  const names: string[] = [];
  for (const m of source.matchAll(new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*['"]${from}['"]`, 'g'))) {
    for (const part of m[1]!.split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0]!;
      if (name && !name.startsWith('type ')) names.push(name);
    }
  }
  return names;
}

/** The modules `roots` import statically, following index modules (BARRELS) only for the names imported through them. */
function closure(roots: string[], ctx: ChunkingContext): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const m = todo.pop()!;
    if (seen.has(m)) continue;
    seen.add(m);
    for (const dep of ctx.getModuleInfo(m)?.importedIds ?? []) {
      const barrel = BARRELS.find((b) => b.id.test(dep));
      if (!barrel) todo.push(dep);
      else if (m.startsWith(root + path.sep)) {
        for (const name of namedImports(m, barrel.from)) {
          const file = barrel.file(path.dirname(dep), name);
          if (ctx.getModuleInfo(file)) todo.push(file);
        }
      }
    }
  }
  return seen;
}

let firstPage: Set<string> | undefined; // one build per process (vite build): computed once from the full graph
function inFirstPage(id: string, ctx: ChunkingContext): boolean {
  if (!firstPage) {
    const entry = closure([ENTRY], ctx);
    firstPage = new Set([...closure(FIRST_PAGE_ROOTS, ctx)].filter((m) => !entry.has(m)));
  }
  return firstPage.has(id);
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), preloadShell('src/start.tsx'), precompress()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // ECharts alone is larger than the default 500 kB warning; it loads with the supervision charts only.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React and the router change only on upgrades: one chunk that stays cached across releases.
            { name: 'react', test: /node_modules[\\/](?:react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/, priority: 4 },
            // Charts: only the supervision pages that draw one import it (src/supervision/Chart.tsx).
            { name: 'echarts', test: /node_modules[\\/](?:echarts|zrender|tslib)[\\/]/, priority: 3 },
            // The shell and the home page in one chunk (FIRST_PAGE_ROOTS above).
            // Not its dependencies by default: the entry's own modules (landing.ts, dictionaries.ts) stay in the entry.
            { name: (id, ctx) => (inFirstPage(id, ctx) ? 'app' : null), debugName: 'first page', priority: 2, includeDependenciesRecursively: false },
            // The icons, one small module each: one chunk instead of a request per icon (on HTTP/1.1 a
            // browser opens six connections, so thirty small files cost five round trips).
            { name: 'icons', test: /node_modules[\\/]@ant-design[\\/]icons[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
