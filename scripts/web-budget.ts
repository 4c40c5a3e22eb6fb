/**
 * The portal's initial-JavaScript budget (issue 15): what a first visit downloads before any
 * page (the entry chunk and every chunk it imports statically) must stay within 250 kB gzipped.
 * Run after `vite build` by `npm run web:build`; fails the build past the budget.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 250 * 1024;
const DIST = resolve(__dirname, '..', 'web', 'dist');

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  Chunk
>;

/** The entry chunks and, transitively, what they import statically (not the lazy pages). */
const initial = new Set<string>();
const visit = (key: string) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  chunk.imports?.forEach(visit);
};
Object.entries(manifest)
  .filter(([, chunk]) => chunk.isEntry)
  .forEach(([key]) => visit(key));

let total = 0;
for (const file of initial) {
  const gzipped = gzipSync(readFileSync(join(DIST, file))).length;
  total += gzipped;
  console.log(`${(gzipped / 1024).toFixed(1).padStart(7)} kB  ${file}`);
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(
  `${(total / 1024).toFixed(1).padStart(7)} kB  initial JavaScript, gzipped (${verdict} the ${BUDGET_BYTES / 1024} kB budget)`,
);
if (total > BUDGET_BYTES) process.exit(1);
