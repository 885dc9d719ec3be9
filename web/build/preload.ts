import type { Plugin, Rollup } from 'vite';

type OutputChunk = Rollup.OutputChunk;

/**
 * The entry (src/main.tsx) is small and imports the app shell (`src/start.tsx`) dynamically, so it
 * can start the opening page's own chunks, texts and API reads first (src/landing.ts). Vite hints
 * only an entry's static imports in index.html; this adds `<link rel="modulepreload">` for the
 * shell's chunk and everything it imports statically, so the shell still starts with the page.
 */
export function preloadShell(shell: string): Plugin {
  return {
    name: 'onewindow-preload-shell',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c): c is OutputChunk => c.type === 'chunk');
        // The shell may share its chunk with other modules (vite.config.ts groups): find the chunk holding it.
        const root = chunks.find((c) => c.moduleIds.some((id) => id.replace(/\\/g, '/').endsWith(shell)));
        if (!root) throw new Error(`preloadShell: no chunk for ${shell}`);
        const byName = new Map(chunks.map((c) => [c.fileName, c]));
        const files = new Set<string>();
        const visit = (c: OutputChunk) => {
          if (files.has(c.fileName) || c.isEntry) return;
          files.add(c.fileName);
          for (const name of c.imports) { const d = byName.get(name); if (d) visit(d); }
        };
        visit(root);
        return [...files].filter((f) => !html.includes(`/${f}"`)).map((f) => ({
          tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const,
        }));
      },
    },
  };
}
