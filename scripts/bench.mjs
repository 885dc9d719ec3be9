#!/usr/bin/env node
// `npm run bench` lists the benchmarks; `npm run bench -- NAME [--option value …]` runs one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benches = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
const [name, ...rest] = process.argv.slice(2);
if (!name || !benches.includes(name)) {
  console.log(`Benchmarks (npm run bench -- NAME [--help]):\n${benches.map((b) => `  ${b}`).join('\n')}`);
  process.exit(name ? 2 : 0);
}
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', `${name}.bench.ts`), ...rest], { stdio: 'inherit', cwd: root });
child.on('close', (code) => process.exit(code ?? 1));
