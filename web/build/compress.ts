import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
/** Text formats worth compressing; images and fonts in the build are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|webmanifest)$/;
/** Below this, headers and a round trip cost more than the bytes saved. */
const MIN_BYTES = 1024;

/**
 * Writes `file.br` (brotli, quality 11) and `file.gz` (gzip, level 9) beside `file`, each only when
 * smaller than the original. Done once at build time so the server spends no CPU per request.
 */
export async function precompressFile(file: string): Promise<void> {
  const data = await fs.promises.readFile(file);
  // index.html is compressed whatever its size: every visit starts with it (it is about 1 KB).
  if (data.length < MIN_BYTES && !file.endsWith('.html')) return;
  const [br, gz] = await Promise.all([
    brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
    gzip(data, { level: 9 }),
  ]);
  if (br.length < data.length) await fs.promises.writeFile(`${file}.br`, br);
  if (gz.length < data.length) await fs.promises.writeFile(`${file}.gz`, gz);
}

/** Vite plugin: precompresses every text file of the build; @fastify/static serves them (`preCompressed`). */
export function precompress(): Plugin {
  return {
    name: 'onewindow-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir!;
      const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name)).map((name) => path.join(dir, name));
      await Promise.all(files.map(precompressFile));
    },
  };
}
