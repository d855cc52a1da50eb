// After `vite build`: writes a .gz beside every compressible file (served by nginx's gzip_static,
// so nothing is compressed per request) and checks the first screen's JavaScript budget: the entry
// chunk, the landing route's chunk and everything they import statically, gzipped, within 100 KB.
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const BUDGET_BYTES = 100 * 1024;
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const gzipped = new Map();
for (const path of files(dist)) {
  if (!COMPRESSIBLE.test(path) || path.includes('/.vite/')) continue;
  const source = readFileSync(path);
  const compressed = gzipSync(source, { level: constants.Z_BEST_COMPRESSION });
  gzipped.set(relative(dist, path), compressed.length);
  if (compressed.length < source.length) writeFileSync(`${path}.gz`, compressed);
}

const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
// The manifest is only for this check; it has no business being served.
rmSync(join(dist, '.vite'), { recursive: true, force: true });
const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);

/** The chunks a screen loads: the entry, its route chunk, and what they import statically. */
function screenChunks(routeKey) {
  const chunks = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || chunks.has(chunk.file)) return;
    chunks.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entryKey);
  visit(routeKey);
  return chunks;
}

// A new visitor's first screen is sign-in; a returning one lands on the task list.
const screens = {
  'sign-in': screenChunks('src/app/routes/sign-in.tsx'),
  tasks: screenChunks('src/app/routes/tasks.tsx'),
};
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
let largest = 0;
for (const [name, chunks] of Object.entries(screens)) {
  let total = 0;
  for (const file of chunks) total += gzipped.get(file) ?? 0;
  largest = Math.max(largest, total);
  console.log(`First screen "${name}": ${kb(total)} of JavaScript, gzipped (${chunks.size} files)`);
}
console.log(`First-screen JavaScript: ${kb(largest)} gzipped (budget ${kb(BUDGET_BYTES)})`);
if (largest > BUDGET_BYTES) {
  console.error('Over budget: move code behind a lazy route or drop a dependency.');
  process.exit(1);
}
