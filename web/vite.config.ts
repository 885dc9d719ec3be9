import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './build/compress.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), precompress()],
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
            { name: 'react', test: /node_modules[\\/](?:react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/, priority: 3 },
            // Charts: only the supervision pages that draw one import it (src/supervision/Chart.tsx).
            { name: 'echarts', test: /node_modules[\\/](?:echarts|zrender|tslib)[\\/]/, priority: 2 },
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
