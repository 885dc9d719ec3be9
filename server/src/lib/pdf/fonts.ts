import fs from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Noto Sans SC as TTF from the npm registry: pdfkit subsets TrueType outlines correctly, so the
 * Chinese text both extracts and renders (WOFF2 and some subsetters give blank pages).
 * Read once into Buffers: parsing the 10 MB files again for every document costs ~100 ms.
 */
const require = createRequire(import.meta.url);
let cache: { regular: Buffer; bold: Buffer } | undefined;

export function cjkFonts() {
  if (!cache) {
    const base = require.resolve('@expo-google-fonts/noto-sans-sc/package.json').replace(/package\.json$/, '');
    cache = {
      regular: fs.readFileSync(`${base}400Regular/NotoSansSC_400Regular.ttf`),
      bold: fs.readFileSync(`${base}700Bold/NotoSansSC_700Bold.ttf`),
    };
  }
  return cache;
}
