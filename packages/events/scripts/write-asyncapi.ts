import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderAsyncApiDocument } from '../src/asyncapi/document.ts';

const target = fileURLToPath(new URL('../asyncapi.json', import.meta.url));
writeFileSync(target, renderAsyncApiDocument());
console.log(`wrote ${target}`);
