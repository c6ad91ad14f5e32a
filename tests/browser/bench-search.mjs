// Benchmark: how fast the offline copy answers in Chromium (headless, phone viewport).
// Exports the shipped corpus, serves it with a plain static server, and times every judged query
// (tests/queries.toml and tests/queries-holdout.toml) two ways:
//  - engine: `search.mjs` alone (ranking, snippets with highlighting), 20 rounds;
//  - page: from an `input` event in the search box to the results drawn in the page.
// Prints a table of medians and 95th percentiles. A benchmark, not a test: it asserts nothing.
//
// Usage: node tests/browser/bench-search.mjs   (OUTREACH_BIN, CHROMIUM as for the tests)
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';
import { bin, browserPath, root } from './harness.mjs';

const work = mkdtempSync(join(tmpdir(), 'outreach-bench-'));
const site = join(work, 'site');
execFileSync(bin, ['export', site, '--base', '/'], { cwd: root, stdio: 'ignore' });

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
const server = createServer((req, res) => {
  let file = normalize(join(site, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!file.startsWith(site) || !existsSync(file)) { res.writeHead(404).end(); return; }
  if (statSync(file).isDirectory()) file = join(file, 'index.html');
  res.writeHead(200, { 'Content-Type': MIME[extname(file)] || 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/`;

const queries = ['queries.toml', 'queries-holdout.toml'].flatMap((f) =>
  [...readFileSync(join(root, 'tests', f), 'utf8').matchAll(/^q = (?:"((?:[^"\\]|\\.)*)"|'([^']*)')/gm)]
    .map((m) => (m[2] !== undefined ? m[2] : JSON.parse(`"${m[1]}"`))));

const browser = await chromium.launch({ executablePath: browserPath, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await page.goto(url);
  const engine = await page.evaluate(async (qs) => {
    const { open } = await import('/search.mjs');
    const t0 = performance.now();
    const e = await open(new URL('/search-data.json', location.href));
    const load = performance.now() - t0;
    const times = [];
    for (let round = 0; round < 20; round++) {
      for (const q of qs) {
        const a = performance.now();
        e.search(q, { limit: 10 });
        times.push(performance.now() - a);
      }
    }
    return { load, times };
  }, queries);
  // The page: type (one input event), wait for the results to be drawn.
  const pageTimes = await page.evaluate(async (qs) => {
    const input = document.querySelector('#q');
    const main = document.querySelector('#main');
    const times = [];
    for (let round = 0; round < 3; round++) {
      for (const q of qs) {
        const drawn = new Promise((ok) => {
          const obs = new MutationObserver(() => { obs.disconnect(); ok(performance.now()); });
          obs.observe(main, { childList: true });
        });
        const a = performance.now();
        input.value = q;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        times.push((await drawn) - a);
      }
    }
    return times;
  }, queries);
  const stat = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
    return `${at(0.5).toFixed(3).padStart(8)} ms ${at(0.95).toFixed(3).padStart(8)} ms`;
  };
  console.log(`offline search in Chromium ${browser.version()}, ${queries.length} judged queries\n`);
  console.log('measure                                          median        p95');
  console.log(`engine: search.mjs, ranking + highlighted snippets ${stat(engine.times)}`);
  console.log(`page: input event to results drawn               ${stat(pageTimes)}`);
  console.log(`\nloading the engine and its data once: ${engine.load.toFixed(1)} ms`);
} finally {
  await browser.close();
  server.close();
  rmSync(work, { recursive: true, force: true });
}
