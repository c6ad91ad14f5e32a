// Browser test of the offline copy: Debian's headless Chromium at phone size (390×844).
//
// Two runs of the same checks:
// 1. `outreach export SITE --base /outreach/` served by a plain static file server (a few lines
//    of node below) under that sub-path;
// 2. `outreach serve` on localhost.
// Each: open the app, wait for the service worker to keep the copy, stop the server and go
// offline, reload; search "withdrawl symptoms" → Withdrawal first; open a section; open a
// ready-made handout; the basket says plainly that Print puts its sections on paper, and
// prints them; (export) a section page opened directly shows where to get help. Then, for the export, an update: the
// corpus changes, the site is exported again, and online the new edition replaces the old one
// whole ("Updated to edition …", one cache of this copy left, another copy's untouched, files
// it already had not downloaded again); an upload not finished (the new worker, the old data)
// is not kept until it is; and an update whose download breaks half-way leaves the old
// edition working.
//
// Usage (from the repository root): node tests/browser/offline.mjs
// Environment: OUTREACH_BIN (default target/release/outreach), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createServer } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, extname } from 'node:path';
import { createRequire } from 'node:module';
import { assert, bin, browserPath, exit, root, setupFailed, step } from './harness.mjs';

const require = createRequire(import.meta.url);

const work = mkdtempSync(join(tmpdir(), 'outreach-offline-'));

// A project folder of our own: a copy of the corpus (the update test changes it) and the packs.
const project = join(work, 'project');
cpSync(join(root, 'corpus'), join(project, 'corpus'), { recursive: true });
cpSync(join(root, 'packs'), join(project, 'packs'), { recursive: true });
const site = join(work, 'site');
function exportSite() {
  const out = execFileSync(bin, ['export', site, '--base', '/outreach/'], { cwd: project, encoding: 'utf8' });
  return /edition (\w+)/.exec(out)[1];
}

// A plain static file server: files under /outreach/, a folder means its index.html.
// `breakAfter` set: that many files are served, then every request fails (a broken update).
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.png': 'image/png', '.svg': 'image/svg+xml', '.pdf': 'application/pdf' };
let breakAfter = null;
let refused = 0;
const asked = []; // every path asked for, in order
function staticServer(port = 0) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    asked.push(path);
    if (breakAfter !== null && !path.endsWith('sw.js')) {
      if (breakAfter <= 0) { refused += 1; res.destroy(); return; }
      breakAfter -= 1;
    }
    if (!path.startsWith('/outreach/')) { res.writeHead(404).end('not found'); return; }
    let file = normalize(join(site, path.slice('/outreach/'.length)));
    if (!file.startsWith(site)) { res.writeHead(404).end('not found'); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404).end('not found'); return; }
    // Content-hashed assets cached for a year, as hosts serve them; the rest revalidated.
    const caching = path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] || 'application/octet-stream', 'Cache-Control': caching });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

function startServe() {
  const child = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--corpus', join(project, 'corpus'), '--index', join(work, 'index'),
    '--packs', join(project, 'packs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = new Promise((ok, fail) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/^listening on (http:\/\/\S+)/);
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`outreach serve exited with ${code}`)));
    setTimeout(() => fail(new Error('outreach serve did not start in 60 s')), 60000);
  });
  return { child, url };
}

let browser;
const problems = [];
async function phone() {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US',
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  return { context, page };
}

// Waits until a service worker controls the page and its edition's cache is complete.
async function waitForCopy(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.reload();
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20000 });
  }
  await page.locator('#mode', { hasText: 'Offline copy on this phone' }).waitFor({ timeout: 20000 });
}

const caches = (page) => page.evaluate(() => caches.keys());

// The cache names once no new worker is installing and they equal `want` (within `ms`), or
// else the last ones seen. A page load can start a second install of the same failing worker
// (the navigation's update check, then the page's own): its partial cache exists until that
// install fails and throws it away, so a check right after the first failure can race it.
async function settledCaches(page, want, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const installing = await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.installing);
    const keys = await caches(page);
    if ((!installing && JSON.stringify(keys) === JSON.stringify(want)) || Date.now() > end) return keys;
    await page.waitForTimeout(200);
  }
}

// The checks every offline copy must pass, with the network gone.
async function offlineRun(label, page, context, home) {
  await step(`${label}: offline, a reload still shows the page`, async () => {
    await context.setOffline(true);
    await page.goto(home);
    await page.locator('#mode', { hasText: 'Offline copy on this phone' }).waitFor();
    assert(/edition \w{8}/.test(await page.locator('#mode').textContent()), 'the edition is shown');
  });
  await step(`${label}: offline, "withdrawl symptoms" finds Withdrawal first`, async () => {
    await page.locator('#q').fill('withdrawl symptoms');
    await page.waitForFunction(() => document.querySelector('.hit .heading')?.textContent === 'Withdrawal', null, { timeout: 5000 });
    assert((await page.locator('.hit').first().locator('mark').count()) > 0, 'highlighted');
  });
  await step(`${label}: offline, a lay phrase typed without its apostrophe is not called unknown`, async () => {
    await page.locator('#q').fill('cant poop on kratom');
    await page.waitForFunction(() => document.querySelector('.hit .heading')?.textContent === 'Effects and side effects', null, { timeout: 5000 });
    const notes = await page.locator('#notes').textContent();
    assert(notes.includes('constipation'), `the synonym is said: ${notes}`);
    assert(!notes.includes('No section mentions'), `no word is called unknown: ${notes}`);
    await page.locator('#q').fill('kratom xylazine');
    await page.locator('#notes', { hasText: 'No section mentions “xylazine”' }).waitFor({ timeout: 5000 });
    // Another form of a corpus word ("safe" where the corpus says "safely") matched: only the
    // word that matched nothing is named.
    await page.locator('#q').fill('is kratom safe while pregnant');
    await page.locator('#notes', { hasText: 'No section mentions “pregnant”' }).waitFor({ timeout: 5000 });
    // Words of a crisis, or nothing found: where to get help comes first.
    for (const q of ['suicide', 'suicde', 'free help line', 'he wont wake up', 'he wont wake', 'he wont wak', 'took too man', 'suici', 'no puedo despertarlo', 'i dont want to live', 'help', 'no está respirando', 'sobredósis', 'she isnt waking', 'i feel like killing myself']) {
      await page.locator('#q').fill(q);
      await page.waitForFunction((q) => document.querySelector('.view-title')?.textContent.includes(q) && document.querySelector('#main .help'), q, { timeout: 5000 });
      const said = await page.locator('#notes').textContent();
      // The contacts come before any note on the words.
      assert(await page.evaluate(() => !document.querySelector('#main .help ~ .hit, #main .notes ~ .help')), `${q}: the contacts first`);
      assert(!said.includes('No section mentions'), `${q}: no note of words the sections lack: ${said}`);
      // A call for someone now puts the number to dial first (the contact words come from
      // the copy's search data: a static copy's page does not carry them).
      // (Also a crisis told without "up", and in Spanish.)
      // Typed up to a letter short ("he wont wak"), the same.
      // Accents typed or not ("sobredósis", "está"), on the page as in the CLI.
      if (['suicide', 'suicde', 'he wont wake', 'he wont wak', 'took too man', 'suici', 'no puedo despertarlo', 'no está respirando', 'sobredósis', 'she isnt waking'].includes(q)) {
        // The emergency number before the helpline: the copy's home page lists them in the
        // corpus's order, the script puts them so.
        const tels = await page.evaluate(() => [...document.querySelectorAll('#main .help li a[href^="tel:"]')].map((a) => a.getAttribute('href')));
        assert(tels[0] === 'tel:911' && tels[1] === 'tel:18006624357', `the emergency number, then the helpline: ${tels}`);
      }
      // A call for a number that tells of no emergency: the helpline, then the emergency number.
      if (q === 'free help line') {
        const tels = await page.evaluate(() => [...document.querySelectorAll('#main .help li a[href^="tel:"]')].map((a) => a.getAttribute('href')));
        assert(tels[0] === 'tel:18006624357' && tels[1] === 'tel:911', `the helpline, then the emergency number: ${tels}`);
      }
    }
    // A query that finds nothing gets somewhere to turn: the helpline first, 911 after it, the
    // locator last (an emergency the search does not know still finds a number at the top).
    await page.locator('#q').fill('xylazine');
    await page.waitForFunction(() => document.querySelector('.view-title')?.textContent.includes('xylazine') && document.querySelector('#main .help'), null, { timeout: 5000 });
    const none = await page.evaluate(() => [...document.querySelectorAll('#main .help li a')].map((a) => a.getAttribute('href')));
    assert(none[0] === 'tel:18006624357' && none[1] === 'tel:911' && none[2] === 'https://findtreatment.gov', `nothing found: ${none}`);
    // The first words of an emergency's phrase ("took too "): keep typing, no help block in
    // the order for a place to go that the next letter would take away again.
    for (const q of ['took too ', 'he wont ', 'se paso ']) {
      await page.locator('#q').fill(q);
      await page.waitForFunction((q) => document.querySelector('.view-title')?.textContent.includes(q.trim()), q, { timeout: 5000 });
      await page.locator('#main', { hasText: 'keep typing' }).waitFor({ timeout: 5000 });
      assert(!(await page.evaluate(() => !!document.querySelector('#main .help'))), `${q}: no help block while the phrase is typed`);
    }
    // Words no section has are named one by one, never as a phrase nobody typed.
    await page.locator('#q').fill('me siento muy mal sin kratom');
    await page.locator('#notes', { hasText: 'No section mentions “siento” or “mal”' }).waitFor({ timeout: 5000 });
    await page.locator('#q').fill('withdrawl symptoms');
    await page.waitForFunction(() => document.querySelector('.hit .heading')?.textContent === 'Withdrawal', null, { timeout: 5000 });
  });
  await step(`${label}: offline, a section opens and the way back keeps the results`, async () => {
    await page.locator('.hit-link').first().click();
    await page.locator('article.section h1', { hasText: 'Withdrawal' }).waitFor();
    assert(await page.evaluate(() => document.activeElement && document.activeElement.tagName === 'H1'), 'focus on the section title');
    // Reloaded, the section still leads back to the results it was opened from.
    await page.reload();
    await page.locator('article.section h1', { hasText: 'Withdrawal' }).waitFor();
    await page.locator('a.back', { hasText: 'Back to results' }).waitFor({ timeout: 5000 });
    // ... and marks the words the query matched, from the copy's engine.
    await page.locator('article.section .body mark', { hasText: 'symptoms' }).first().waitFor({ timeout: 5000 });
    // The browser's own Print prints the section, without the page's controls.
    await page.emulateMedia({ media: 'print' });
    assert(await page.locator('article.section h1').isVisible(), 'the section prints');
    assert(!(await page.locator('header.top').isVisible()) && !(await page.locator('article.section button').first().isVisible()), 'not the controls');
    await page.emulateMedia({ media: 'screen' });
    await page.locator('a.back').click();
    await page.locator('.hit .heading').first().waitFor();
  });
  await step(`${label}: offline, an address the copy lacks shows the start page and says so`, async () => {
    for (const missing of ['s/kratom-addiction/no-such-section.html', 't/no-such-topic.html']) {
      await page.goto(`${home}${missing}`);
      await page.locator('#notice', { hasText: 'not in the copy on this phone' }).waitFor({ timeout: 5000 });
      await page.locator('.chips .chip').first().waitFor();
    }
  });
  await step(`${label}: offline, a topic lists its sections`, async () => {
    // A topic chosen at the foot of the results shows its results from the top.
    await page.goto(`${home}?q=treatment`);
    await page.locator('.hit').first().waitFor();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.locator('.chips a', { hasText: 'relapse' }).click();
    await page.locator('#count', { hasText: 'on relapse' }).waitFor({ timeout: 5000 });
    await page.waitForFunction(() => window.scrollY === 0, null, { timeout: 5000 }); // the narrowed results, from the top
    await page.goto(`${home}?topic=detox`);
    await page.locator('.hit .heading', { hasText: 'Detox' }).first().waitFor();
    // A search typed there stays within the topic, says so, and offers the way out; from a
    // topic's own page of the export too.
    await page.goto(label === 'export' ? `${home}t/relapse.html` : `${home}?topic=relapse`);
    await page.locator('.view-title', { hasText: 'relapse' }).waitFor();
    await page.locator('#q').fill('withdrawl');
    await page.locator('#count', { hasText: 'No sections on relapse match “withdrawl”.' }).waitFor({ timeout: 5000 });
    await page.locator('a.more', { hasText: 'Search all topics' }).click();
    await page.waitForFunction(() => document.querySelector('.hit .heading')?.textContent === 'Withdrawal', null, { timeout: 5000 });
  });
  await step(`${label}: offline, a ready-made handout opens`, async () => {
    await page.goto(home);
    const href = await page.locator('.pdf a.pdf-open').first().getAttribute('href');
    assert(/\/handouts\/[a-z0-9-]+\.pdf$/.test(href), `descriptive name: ${href}`);
    const head = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return r.ok ? new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) : `HTTP ${r.status}`;
    }, href);
    assert(head === '%PDF-', `the PDF comes from the copy: ${head}`);
    assert((await page.locator('.pdf a[download]').first().isVisible()), 'a download button');
    // Headless Chromium cannot share files: Share stays hidden rather than do nothing.
    const canShareFiles = await page.evaluate(() => !!(navigator.canShare && navigator.canShare({ files: [new File(['x'], 'x.pdf', { type: 'application/pdf' })] })));
    assert((await page.locator('.pdf .share').first().isVisible()) === canShareFiles, 'Share shown exactly where files can be shared');
    // Where the phone will not share it, Share saves the entry's file under its own name,
    // from the copy on the phone (the name and address are the entry's link's).
    const [saved] = await Promise.all([
      page.waitForEvent('download', { timeout: 5000 }),
      page.evaluate(() => { const b = document.querySelector('.pdf .share'); b.hidden = false; b.click(); }),
    ]);
    const first = (await page.locator('.pdf .pdf-open').first().getAttribute('href')).split('/').pop();
    assert(saved.suggestedFilename() === first, `saved as ${saved.suggestedFilename()}, not ${first}`);
    await page.evaluate(() => { document.querySelector('.pdf .share').hidden = true; });
  });
  await step(`${label}: offline, the basket keeps its sections and prints them without the server`, async () => {
    await page.locator('#q').fill('detox');
    await page.locator('.hit .add').first().waitFor();
    await page.locator('.hit .add').first().click();
    await page.locator('#open-basket').click();
    await page.locator('#basket-offline').waitFor();
    assert(/Print puts these sections on paper/.test(await page.locator('#basket-offline').textContent()), 'plain words');
    assert((await page.locator('#basket-items li').count()) === 1, 'contents kept');
    // The phone sets the sections itself: Print, on the paper chosen, with where to get help.
    assert((await page.locator('#download').textContent()) === 'Print', 'Print instead of a download that cannot work');
    await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
    await page.locator('input[name=paper][value=a4]').check();
    await page.locator('#download').click();
    await page.waitForFunction(() => window.printed === 1, null, { timeout: 5000 });
    const sheet = await page.locator('#sheet').innerHTML();
    for (const needed of ['<h2>Detox</h2>', 'Detoxification (detox) is a process', 'tel:18006624357', 'not medical advice']) {
      assert(sheet.includes(needed), `the printed sheet has ${needed}`);
    }
    assert((await page.locator('#sheet').getAttribute('class')) === 'standard a4', 'on the paper chosen');
    await page.emulateMedia({ media: 'print' });
    assert(await page.locator('#sheet').isVisible() && !(await page.locator('#main').isVisible()), 'only the sheet prints');
    await page.emulateMedia({ media: 'screen' });
    assert(!(await page.locator('#sheet').isVisible()), 'the sheet is not on the screen');
    await page.locator('#basket button[value=close]').click();
  });
}

let serve;
let staticHttp;
try {
  for (const [what, path] of [['outreach binary', bin], ['Chromium', browserPath]]) {
    if (!existsSync(path)) throw new Error(`${what} not found at ${path}`);
  }
  browser = await chromium.launch({
    executablePath: browserPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });

  // ---- 1. the export, on a static file server, under a sub-path ----
  const first = exportSite();
  staticHttp = await staticServer();
  const home = `http://127.0.0.1:${staticHttp.address().port}/outreach/`;
  const { context, page } = await phone();
  await step('export: the app opens under /outreach/ and keeps a copy on the phone', async () => {
    await page.goto(home);
    await waitForCopy(page);
    const m = await page.evaluate(async () => (await (await fetch('manifest.webmanifest')).json()));
    assert(m.display === 'standalone' && m.start_url === '/outreach/', 'manifest start_url and display');
    assert(m.icons.some((i) => i.purpose === 'maskable'), 'a maskable icon');
    assert((await caches(page)).length === 1, 'one cache');
    // What the page itself loaded from the browser's HTTP cache is kept without a second
    // download (its hash tells it is this edition's).
    const script = asked.filter((p) => /\/assets\/app\.[0-9a-f]+\.js$/.test(p));
    assert(script.length === 1, `the script was downloaded ${script.length} times: ${asked}`);
  });
  await step('export: served where it was not exported for, the start page says so', async () => {
    // Its stylesheet and script are not found there (as when a stylesheet request fails).
    const lost = await browser.newContext({ serviceWorkers: 'block' });
    const p = await lost.newPage();
    await p.goto(home);
    assert(!(await p.locator('#mode .lost').isVisible()), 'not shown where the files are found');
    await p.route('**/*.css', (r) => r.abort());
    await p.route('**/*.js', (r) => r.abort());
    await p.goto(`${home}index.html`);
    const said = await p.locator('#mode .lost').textContent();
    assert(await p.locator('#mode .lost').isVisible() && said.includes('--base'), `said: ${said}`);
    await lost.close();
  });
  await step('export: without JavaScript a section page reads', async () => {
    const nojs = await browser.newContext({ javaScriptEnabled: false });
    const p = await nojs.newPage();
    await p.goto(`${home}s/kratom-addiction/withdrawal.html`);
    assert((await p.locator('h1').textContent()) === 'Withdrawal', 'pre-rendered');
    await nojs.close();
  });
  await step('export: a section page opened directly gets the search box without moving', async () => {
    await page.goto(`${home}s/kratom-addiction/withdrawal.html`);
    await page.locator('form.search #q').waitFor();
    const shift = await page.evaluate(() => new Promise((ok) => {
      let v = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) v += e.value; }).observe({ type: 'layout-shift', buffered: true });
      setTimeout(() => ok(v), 500);
    }));
    assert(shift < 0.02, `layout shift ${shift}`);
    await page.locator('#q').fill('dope sick');
    await page.locator('.hit .heading', { hasText: 'Withdrawal' }).first().waitFor();
    assert(new URL(page.url()).pathname === '/outreach/', 'results live on the search page');
  });
  await step('export: its pages pass axe-core\'s WCAG 2.1 A and AA rules and its best practices', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, bypassCSP: true });
    const p = await ctx.newPage();
    const found = [];
    for (const path of ['', 's/kratom-addiction/withdrawal.html', 't/detox.html']) {
      await p.goto(`${home}${path}`);
      await p.locator('footer .help').waitFor();
      await p.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const violations = await p.evaluate(async () => (await window.axe.run(document, {
        // Best practices too: every part of the page inside a landmark (`region`), and the like.
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
      for (const v of violations) found.push(`${path || 'home'}: ${v}`);
    }
    await ctx.close();
    assert(found.length === 0, found.join('\n'));
  });
  await step('export: a section page adds itself to the basket by its crumb and heading', async () => {
    await page.goto(`${home}s/kratom-addiction/detox.html`);
    await page.locator('article.section .add').click();
    assert((await page.locator('article.section .add').getAttribute('aria-pressed')) === 'true', 'added');
    await page.locator('#open-basket').click();
    const label = await page.locator('#basket-items .label').first().textContent();
    assert(/Kratom addiction/.test(label) && /Detox/.test(label), `named in the basket: ${label}`);
    await page.locator('#basket-items button[data-remove]').first().click();
    await page.locator('#basket button[value=close]').click();
  });
  await new Promise((ok) => staticHttp.close(ok));
  staticHttp.closeAllConnections?.();
  await offlineRun('export', page, context, home);
  await step('export: offline, a section page opened directly ends with where to get help', async () => {
    await page.goto(`${home}s/kratom-addiction/detox.html`);
    await page.locator('footer .help a[href="tel:18006624357"]').waitFor({ timeout: 5000 });
    assert((await page.locator('footer .help').count()) === 1, 'one help block');
    assert((await page.locator('footer .help a[href="https://findtreatment.gov"]').count()) === 1, 'the locator too');
  });

  await step('export: a new edition replaces the old one whole', async () => {
    // A change of the corpus (metadata only): a new edition.
    const md = join(project, 'corpus', 'kratom-addiction.md');
    writeFileSync(md, readFileSync(md, 'utf8').replace(/reviewed = "[^"]*"/, 'reviewed = "2026-11-01"'));
    const second = exportSite();
    assert(second !== first, 'the edition changed');
    // The same port as before: the service worker belongs to that origin.
    staticHttp = await staticServer(Number(new URL(home).port));
    await context.setOffline(false);
    // Another copy on the same site (another base) keeps its own cache through this update.
    await page.evaluate(() => caches.open('outreach-/other/-0000-0000'));
    asked.length = 0;
    await page.goto(home);
    await page.locator('#mode', { hasText: `Updated to edition ${second}` }).waitFor({ timeout: 30000 });
    const keys = await caches(page);
    const ours = keys.filter((k) => k.startsWith('outreach-/outreach/-'));
    assert(ours.length === 1 && ours[0].startsWith(`outreach-/outreach/-${second}`), `only the new cache: ${keys}`);
    assert(keys.includes('outreach-/other/-0000-0000'), `the other copy's cache is left alone: ${keys}`);
    // A file the old edition holds with the same bytes is not downloaded again.
    for (const same of ['/outreach/search.mjs', '/outreach/icons/icon-512.png']) assert(!asked.includes(same), `${same} came again: ${asked}`);
    await page.locator('#q').fill('withdrawl symptoms');
    await page.waitForFunction(() => document.querySelector('.hit .heading')?.textContent === 'Withdrawal');
    await page.reload();
    await page.locator('#mode', { hasText: `edition ${second} · reviewed 2026-11-01` }).waitFor();
  });

  await step('export: an upload not finished is not kept, and is once it is', async () => {
    // The new worker and pages are up, the old edition's data still: nothing of it is kept.
    const before = await caches(page);
    const oldData = readFileSync(join(site, 'search-data.json'));
    const md = join(project, 'corpus', 'kratom-addiction.md');
    writeFileSync(md, readFileSync(md, 'utf8').replace(/reviewed = "[^"]*"/, 'reviewed = "2026-10-30"'));
    const fourth = exportSite();
    const newData = readFileSync(join(site, 'search-data.json'));
    writeFileSync(join(site, 'search-data.json'), oldData);
    await page.goto(home);
    await page.locator('#mode', { hasText: `Edition ${fourth} could not be kept on this phone (search-data.json is not edition ${fourth}'s` }).waitFor({ timeout: 30000 });
    const after = await settledCaches(page, before);
    assert(JSON.stringify(after) === JSON.stringify(before), `the old edition is kept whole: ${after}`);
    // The upload finished: the next visit keeps the new edition.
    writeFileSync(join(site, 'search-data.json'), newData);
    await page.goto(home);
    await page.locator('#mode', { hasText: `Updated to edition ${fourth}` }).waitFor({ timeout: 30000 });
  });

  await step('export: an update broken half-way leaves the old edition working', async () => {
    const before = await caches(page);
    const md = join(project, 'corpus', 'kratom-addiction.md');
    writeFileSync(md, readFileSync(md, 'utf8').replace(/reviewed = "[^"]*"/, 'reviewed = "2026-11-02"'));
    const third = exportSite();
    await context.setOffline(false); // the server of the last step is still up
    breakAfter = 5; // the new worker's downloads fail after five files
    await page.evaluate(async () => { const r = await navigator.serviceWorker.getRegistration(); await r.update().catch(() => {}); });
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration()).installing === null, null, { timeout: 20000 });
    await page.waitForTimeout(500);
    breakAfter = null;
    assert(refused > 0, 'the download of the new edition was cut off');
    await new Promise((ok) => staticHttp.close(ok));
    staticHttp.closeAllConnections?.();
    await context.setOffline(true);
    await page.goto(home);
    await page.locator('#mode', { hasText: 'Offline copy on this phone' }).waitFor();
    assert(!(await page.locator('#mode').textContent()).includes(third), 'still the old edition');
    const after = await settledCaches(page, before);
    assert(JSON.stringify(after) === JSON.stringify(before), `the old cache is kept whole: ${after}`);
    await page.locator('#q').fill('withdrawl symptoms');
    await page.waitForFunction(() => document.querySelector('.hit .heading')?.textContent === 'Withdrawal');
  });
  await context.close();

  // ---- 2. `outreach serve` on localhost ----
  serve = startServe();
  const served = `${await serve.url}/`;
  const s = await phone();
  await step('serve: the same app installs on localhost', async () => {
    await s.page.goto(served);
    await waitForCopy(s.page);
  });
  serve.child.kill();
  await new Promise((ok) => serve.child.on('exit', ok));
  serve = null;
  await offlineRun('serve', s.page, s.context, served);
  await s.context.close();

  await step('no page errors', async () => {
    assert(problems.length === 0, problems.join('\n'));
  });
} catch (err) {
  setupFailed(err);
} finally {
  if (browser) await browser.close();
  if (serve) serve.child.kill();
  if (staticHttp) staticHttp.close();
  rmSync(work, { recursive: true, force: true });
  exit('offline browser test');
}

