import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { NOT_FOUND } from './lib/errors.ts';
import { sendError } from './lib/http.ts';

/** Hashed build output: a new build gets new names, so a browser may keep these for a year unasked. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and anything unhashed: kept, but revalidated (ETag) before each use, so a new build shows at once. */
export const REVALIDATE = 'no-cache';

/**
 * Serves the built web app from `dist`: precompressed `.br` / `.gz` siblings written by the build
 * (web/build/compress.ts) when the browser accepts them, hashed `/assets/*` cached immutably,
 * and index.html for every other GET so the app routes in the browser.
 */
export async function serveWebApp(app: FastifyInstance, dist: string) {
  const hasWeb = fs.existsSync(path.join(dist, 'index.html'));
  const assets = path.join(dist, 'assets') + path.sep;
  // wildcard: files are looked up per request, so a new web build needs no restart.
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: dist, wildcard: true, index: false, preCompressed: true,
      // Runs after the defaults are set, so it decides Cache-Control for every file (the compressed sibling's path included).
      setHeaders: (reply: unknown, file: string) => {
        (reply as FastifyReply).header('cache-control', file.startsWith(assets) ? IMMUTABLE : REVALIDATE);
      },
    });
    app.get('/', { schema: { hide: true } }, (_req, reply) => reply.type('text/html').sendFile('index.html'));
  }
  app.setNotFoundHandler((req, reply) => {
    // A missing script or style must be a 404, not the app's page, or the browser shows a blank page.
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || req.method !== 'GET' || !hasWeb) {
      return sendError(reply, NOT_FOUND({ zh: '接口', en: 'Endpoint' }));
    }
    // The web app routes in the browser: every other GET gets its page.
    return reply.type('text/html').sendFile('index.html');
  });
}
