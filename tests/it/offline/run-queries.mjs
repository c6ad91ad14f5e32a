// Runs many queries through an exported search.mjs in one node process (tests/it/offline.rs).
// Usage: node run-queries.mjs SITE_DIR < queries.json   (a JSON array of query strings)
// Prints a JSON array: per query, the full answer object of `search.mjs`.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';

const site = resolve(process.argv[2]);
const { open } = await import(pathToFileURL(join(site, 'search.mjs')).href);
const engine = await open(pathToFileURL(join(site, 'search-data.json')));
const queries = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(queries.map((q) => engine.search(q, { limit: 10 }))));
