// Prints the size of what a browser downloads for the first page: every file in dist/assets,
// raw and gzip-compressed (what a compressing CDN or proxy in front would send), and their totals.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const files = [
  'index.html',
  ...readdirSync(join(dist, 'assets')).map((name) => `assets/${name}`),
].filter((name) => !name.endsWith('.map'));
let raw = 0;
let gzip = 0;
for (const name of files) {
  const bytes = readFileSync(join(dist, name));
  const compressed = gzipSync(bytes, { level: 9 }).length;
  raw += statSync(join(dist, name)).size;
  gzip += compressed;
  console.log(
    `${name.padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(7)} kB  gzip ${(compressed / 1024).toFixed(1).padStart(6)} kB`,
  );
}
console.log(
  `web bundle: ${files.length} files, ${(raw / 1024).toFixed(1)} kB, ${(gzip / 1024).toFixed(1)} kB gzip`,
);
