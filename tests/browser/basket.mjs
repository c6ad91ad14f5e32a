// Browser test of `outreach serve`: Debian's headless Chromium at phone size (390×844).
// Types a query with a typo, checks the right section comes first, opens it and goes back,
// adds two sections to the handout basket, reorders, reloads, downloads the PDF and checks it
// is one; checks layout rules (no sideways scroll at 360 px, 44 px tap targets), axe-core's
// WCAG 2.1 A and AA rules on every view in light and dark mode, that nothing is fetched from
// elsewhere, and that the console stays clean. Saves screenshots.
//
// Usage (from the repository root, after `cargo build --release`):
//   node tests/browser/basket.mjs
// Environment: OUTREACH_BIN (default target/release/outreach), CHROMIUM (default
// /usr/bin/chromium), SCREENSHOT_DIR (default: a temporary folder; `docs` refreshes the README's).

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assert, bin, browserPath, exit, root, setupFailed, step } from './harness.mjs';
import { inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// The PDF's text with its compressed streams inflated: page dictionaries may sit inside
// compressed object streams.
function pdfText(bytes) {
  const raw = bytes.toString('latin1');
  let text = raw;
  // `stream` opening data, not the end of an `endstream` line.
  const re = /(?<!end)stream\r?\n/g;
  let m;
  while ((m = re.exec(raw)) !== null) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    try {
      text += inflateSync(bytes.subarray(start, end)).toString('latin1');
    } catch {
      // not a Flate stream (or not a stream at all): nothing to add
    }
    re.lastIndex = end;
  }
  return text;
}

const work = mkdtempSync(join(tmpdir(), 'outreach-browser-'));
const shots = resolve(process.env.SCREENSHOT_DIR || work);


/** Starts the server on a free loopback port; resolves to its base URL. */
function startServer() {
  for (const [what, path] of [['outreach binary', bin], ['Chromium', browserPath]]) {
    if (!existsSync(path)) throw new Error(`${what} not found at ${path}`);
  }
  const child = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--corpus', join(root, 'corpus'), '--index', join(work, 'index')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = line.match(/^listening on (http:\/\/\S+)/);
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`outreach serve exited with ${code}`)));
    setTimeout(() => fail(new Error('outreach serve did not start in 60 s')), 60000);
  });
  return { child, url };
}

let server;
let browser;
try {
  server = startServer();
  const base = await server.url;
  browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    acceptDownloads: true, colorScheme: 'light', locale: 'en-US',
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:')) problems.push(`outside request: ${u}`);
  });

  const noSideways = async (width) => {
    await page.setViewportSize({ width, height: 844 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= width, `page is ${wide}px wide at a ${width}px viewport (sideways scroll)`);
    await page.setViewportSize({ width: 390, height: 844 });
  };
  const smallTargets = () => page.evaluate(() => [...document.querySelectorAll('button, input[type=search], a.chip, a.hit-link, a.back')]
    .filter((el) => el.offsetParent !== null)
    .map((el) => ({ el, r: el.getBoundingClientRect() }))
    .filter(({ r }) => r.height < 44 || r.width < 44)
    .map(({ el, r }) => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`));

  await step('home page loads with topics', async () => {
    await page.goto(base);
    await page.locator('.chips .chip').first().waitFor();
    // The README's picture shows the line the phone keeps once its copy is saved (it says the
    // server until then); a slow start still gets its picture.
    await page.getByText('Offline copy on this phone').waitFor({ timeout: 10000 }).catch(() => {});
    await page.screenshot({ path: join(shots, 'phone-home.png') });
    assert((await page.locator('.chips .chip').count()) >= 5, 'topic chips are shown');
    assert((await page.locator('#bar').isVisible()) && (await page.locator('#basket-count').textContent()) === '0 sections',
      'the basket is visible before anything is added');
    assert(await page.locator('#bar.empty').isVisible(), 'quietly while it is empty');
    // Not at all where the answer is whom to call: the numbers get its room.
    await page.locator('#q').fill('he overdosed');
    await page.locator('main .help a[href="tel:911"]').waitFor({ timeout: 5000 });
    assert(!(await page.locator('#bar').isVisible()), 'no empty handout bar where the answer is whom to call');
    await page.goto(base);
    await page.locator('#bar.empty').waitFor();
  });

  await step('typing "withdrawl symptoms" puts Withdrawal first, with the correction said once in plain words', async () => {
    await page.locator('#q').pressSequentially('withdrawl symptoms', { delay: 40 });
    await page.waitForFunction(() => {
      const h = document.querySelector('.hit .heading');
      return h && h.textContent === 'Withdrawal' && document.querySelector('.note');
    }, null, { timeout: 5000 });
    const note = await page.locator('#notes').textContent();
    assert(note === 'Showing results for withdrawal (you typed “withdrawl”).', `plain-words note: ${note}`);
    assert(!note.includes('Did you mean'), 'the correction is said once');
    assert((await page.locator('main h1').count()) === 1, 'the results view has an h1');
    assert((await page.locator('.hit').first().locator('mark').count()) > 0, 'snippet highlights matches');
    assert(new URL(page.url()).searchParams.get('q') === 'withdrawl symptoms', 'the URL follows the query');
    // The answer comes before the topic chips.
    const [hitTop, chipTop] = await page.evaluate(() => [document.querySelector('.hit').getBoundingClientRect().top,
      document.querySelector('.chips').getBoundingClientRect().top]);
    assert(hitTop < chipTop, 'results above the topic chips');
  });

  await step('layout: no sideways scroll at 360 and 390 px, tap targets at least 44 px', async () => {
    await noSideways(360);
    await noSideways(390);
    const small = await smallTargets();
    assert(small.length === 0, `small tap targets: ${small.join('; ')}`);
  });

  await step('large text (150 %) still fits 360 px without sideways scroll', async () => {
    // As a phone's "larger text" setting does: the page sizes everything in rem.
    await page.evaluate(() => { document.documentElement.style.fontSize = '150%'; });
    await noSideways(360);
    await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
  });

  await step('large text (200 %) at 320x568: the sticky header stays one row', async () => {
    await page.setViewportSize({ width: 320, height: 568 });
    await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
    const [top, box, logo] = await page.evaluate(() => ['.top', '#q', '.home']
      .map((s) => document.querySelector(s).getBoundingClientRect().height));
    // Three rows (logo, box, button) took 329 px, more than half the screen.
    assert(top <= 568 / 4, `the header is ${top}px tall`);
    assert(box >= 44 && logo >= 44, `tap targets: box ${box}px, logo ${logo}px`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= 320, `page is ${wide}px wide (sideways scroll)`);
    await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
    await page.setViewportSize({ width: 390, height: 844 });
  });

  await step('a topic chip filters the results and shows counts', async () => {
    const chip = page.locator('.chips .chip', { hasText: 'Detox' });
    await chip.click();
    await page.waitForFunction(() => document.querySelector('.chip[aria-current="true"]')?.textContent.startsWith('detox'));
    const tags = await page.locator('.hit .tags').allTextContents();
    assert(tags.length > 0 && tags.every((t) => /detox/i.test(t)), `every hit is tagged detox: ${tags}`);
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('.chip[aria-current="true"]')?.textContent.startsWith('All'));
  });

  await step('add two sections to the basket from the results', async () => {
    await page.locator('.hit .add').nth(0).click();
    await page.locator('.hit .add').nth(1).click();
    assert((await page.locator('#basket-count').textContent()) === '2 sections', 'basket count is 2');
    assert((await page.locator('#bar.empty').count()) === 0, 'a basket with sections calls for attention again');
    assert((await page.locator('.hit .add').nth(0).getAttribute('aria-pressed')) === 'true', 'button shows it is added');
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await page.screenshot({ path: join(shots, 'phone.png') });
  });

  await step('the section view opens and links back to the results', async () => {
    await page.locator('.hit-link').first().click();
    await page.locator('article.section h1', { hasText: 'Withdrawal' }).waitFor();
    assert((await page.locator('article.section .add').getAttribute('aria-pressed')) === 'true', 'section knows it is in the basket');
    // The words the query matched are marked in the section, as in its snippet; no others.
    await page.locator('article.section .body mark').first().waitFor({ timeout: 5000 });
    const marked = await page.locator('article.section mark').allTextContents();
    const kinds = [...new Set(marked.map((m) => m.toLowerCase()))].sort();
    assert(kinds.join(' ') === 'symptoms withdrawal', `marked: ${marked}`);
    await page.screenshot({ path: join(shots, 'phone-section.png') });
    await noSideways(360);
    await page.locator('a.back').click();
    await page.locator('.hit .heading').first().waitFor();
    assert((await page.locator('.hit .heading').first().textContent()) === 'Withdrawal', 'back on the results');
    assert(await page.evaluate(() => document.activeElement.classList.contains('hit-link')), 'focus returns to the link that was followed');
  });

  await step('the basket survives a reload', async () => {
    await page.reload();
    await page.locator('#bar').waitFor();
    assert((await page.locator('#basket-count').textContent()) === '2 sections', 'still 2 after reload');
  });

  let items;
  await step('reorder and choose large print on A4', async () => {
    await page.locator('#open-basket').click();
    await page.locator('#basket-items li').nth(1).waitFor();
    items = await page.locator('#basket-items .label').allTextContents();
    await page.locator('#basket-items li').nth(1).locator('button[data-move="-1"]').click();
    const moved = await page.locator('#basket-items .label').allTextContents();
    assert(moved[0] === items[1] && moved[1] === items[0], `reordered: ${moved}`);
    // Focus follows the section moved (its "↑" is now disabled: its "↓"), and the place is said.
    const focused = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
    const heading = await page.locator('#basket-items li').first().locator('.label').evaluate((e) => e.firstChild.textContent);
    assert(focused === `Move ${heading} down`, `focus after the move: ${focused}`);
    const said = await page.locator('#basket-msg').textContent();
    assert(said === `${heading} is now 1 of 2.`, `the move is said: ${said}`);
    await page.locator('input[name=profile][value=large]').check();
    await page.locator('input[name=paper][value=a4]').check();
    const small = await smallTargets();
    assert(small.length === 0, `small tap targets in the basket: ${small.join('; ')}`);
    await page.screenshot({ path: join(shots, 'phone-basket.png') });
    // At the narrowest phone width an item's three buttons stand in one row beside its name.
    await page.setViewportSize({ width: 360, height: 740 });
    const rows = await page.locator('#basket-items li').first().evaluate((li) => {
      const top = (e) => Math.round(e.getBoundingClientRect().top);
      return [top(li.querySelector('.label')), ...[...li.querySelectorAll('button')].map(top)];
    });
    assert(new Set(rows.slice(1)).size === 1 && rows[1] - rows[0] < 20, `one row at 360 px: ${rows}`);
    await page.setViewportSize({ width: 390, height: 844 });
    // At 200 % text a section's name keeps a readable width (its buttons go under it), and a
    // button that cannot act now (the first "↑") looks it.
    await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
    const width = await page.locator('#basket-items .label').first().evaluate((e) => e.getBoundingClientRect().width);
    assert(width > 150, `a name in the basket is ${Math.round(width)} px wide at 200 % text`);
    const dim = await page.locator('#basket-items li').first().locator('button[data-move="-1"]')
      .evaluate((e) => e.disabled && Number(getComputedStyle(e).opacity) < 0.6);
    assert(dim, 'the first "up" button is disabled and looks it');
    await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
  });

  await step('download the PDF: it is one', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), page.locator('#download').click()]);
    const file = join(work, 'handout.pdf');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    assert(bytes.subarray(0, 5).toString() === '%PDF-', 'starts with %PDF-');
    assert(bytes.length > 5000, `a real document (${bytes.length} bytes)`);
    assert(/MediaBox\s*\[\s*0\s+0\s+595/.test(pdfText(bytes)), 'A4 pages, as chosen');
    await page.locator('#basket-msg', { hasText: 'Downloaded' }).waitFor();
  });

  await step('remove a section', async () => {
    await page.locator('#basket-items li').first().locator('button[data-remove]').click();
    assert((await page.locator('#basket-items li').count()) === 1, 'one left');
    await page.locator('#basket button[value=close]').click();
  });

  await step('dark mode follows the system', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${base}/?q=withdrawl+symptoms`);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert(bg !== 'rgb(255, 255, 255)', `dark background, got ${bg}`);
    await page.screenshot({ path: join(shots, 'phone-dark.png') });
  });

  await step('works without JavaScript: a form submit renders results', async () => {
    const nojs = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const p = await nojs.newPage();
    await p.goto(base);
    await p.locator('#q').fill('withdrawl symptoms');
    await p.locator('#q').press('Enter');
    await p.locator('.hit .heading').first().waitFor();
    assert((await p.locator('.hit .heading').first().textContent()) === 'Withdrawal', 'server-rendered results');
    assert(!(await p.locator('.hit .add').first().isVisible()), 'no basket buttons without JS');
    await nojs.close();
  });

  await step('a query for a number to call shows where to get help above the results', async () => {
    await page.goto(base);
    await page.locator('#q').pressSequentially('hotline', { delay: 20 });
    await page.locator('main .help a[href^="tel:"]').first().waitFor({ timeout: 5000 });
    const [helpTop, hitTop] = await page.evaluate(() => [document.querySelector('main .help').getBoundingClientRect().top,
      document.querySelector('.hit').getBoundingClientRect().top]);
    assert(helpTop < hitTop, 'the numbers come before the sections');
    await page.locator('#q').fill('withdrawal');
    await page.waitForFunction(() => document.querySelector('.hit .heading')?.textContent === 'Withdrawal', null, { timeout: 5000 });
    assert((await page.locator('main .help').count()) === 0, 'other queries keep it at the foot');
    // A crisis in another tense asks for help as much.
    await page.locator('#q').fill('he overdosed');
    await page.locator('main .help a[href^="tel:"]').first().waitFor({ timeout: 5000 });
    // Someone to call comes first for a crisis, the emergency number before the helpline
    // (the offline copy's script orders it too).
    assert(await page.evaluate(() => document.querySelector('main .help li:first-child a[href^="tel:"]')?.getAttribute('href') === 'tel:911'), 'the emergency number first');
    assert(await page.evaluate(() => document.querySelector('main .help li:nth-child(2) a[href^="tel:"]')?.getAttribute('href') === 'tel:18006624357'), 'the helpline second');
    // The block above the results is not repeated at the foot of the page.
    assert(!(await page.locator('footer .help').isVisible()), 'one help block on screen');
    // The number to call is a filled button.
    assert(await page.evaluate(() => getComputedStyle(document.querySelector('main .help a[href="tel:911"]')).backgroundColor !== 'rgba(0, 0, 0, 0)'), 'the number to call is a button');
    // A crisis no section answers gets the contacts alone: no "No sections match", no
    // choice of topics under the helpline; the page without its script says the same.
    await page.locator('#q').fill('i want to die');
    await page.waitForFunction(() => document.querySelector('.view-title')?.textContent.includes('i want to die') && document.querySelector('main .help'), null, { timeout: 5000 });
    for (const sel of ['#count', 'main .sub', 'main .chip']) assert((await page.locator(sel).count()) === 0, `no ${sel} under the contacts`);
    const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const plain = await nojs.newPage();
    await plain.goto(`${base}/?q=i+want+to+die`);
    assert((await plain.locator('main .help a[href^="tel:"]').count()) === 2, 'the emergency number and the helpline without the script');
    assert((await plain.locator('main .help li:first-child a[href="tel:911"]').count()) === 1, 'the emergency number first without the script');
    assert((await plain.locator('#count').count()) === 0 && (await plain.locator('main .sub').count()) === 0, 'the contacts alone without the script');
    assert(!(await plain.locator('footer .help').isVisible()), 'one help block without the script');
    await nojs.close();
    await page.locator('#q').fill('rehab near me');
    await page.waitForFunction(() => /findtreatment/.test(document.querySelector('main .help li:first-child')?.innerHTML || ''), null, { timeout: 5000 });
  });

  await step('the first letters of a word being typed do not flash the help block', async () => {
    await page.goto(base);
    await page.locator('#q').fill('kr');
    await page.waitForFunction(() => /keep typing/.test(document.querySelector('#count')?.textContent || ''), null, { timeout: 5000 });
    assert((await page.locator('main .help').count()) === 0, 'no help block while typing "kr"');
    await page.locator('#q').fill('kra');
    await page.locator('.hit .heading').first().waitFor({ timeout: 5000 });
    // Nor a longer start that finds nothing yet: "sho" on the way to "should".
    await page.locator('#q').fill('sho');
    await page.waitForFunction(() => /“sho”: keep typing/.test(document.querySelector('#count')?.textContent || ''), null, { timeout: 5000 });
    assert((await page.locator('main .help').count()) === 0, 'no help block while typing "sho"');
    // A word that starts nothing the search knows is answered at once: nothing matches it.
    await page.locator('#q').fill('naloxo');
    await page.locator('main .help a[href^="tel:"]').first().waitFor({ timeout: 5000 });
  });

  await step('no dead end: nothing in the topic, related sections are offered', async () => {
    await page.goto(`${base}/?topic=signs`);
    await page.locator('#q').pressSequentially('lofexidine', { delay: 20 });
    await page.locator('.related a', { hasText: 'Medication' }).waitFor({ timeout: 5000 });
    await page.locator('.related a').first().click();
    await page.locator('article.section h1', { hasText: 'Medication' }).waitFor();
  });

  await step('a query with markup is shown as text', async () => {
    await page.goto(base);
    await page.locator('#q').fill('<img src=x onerror=alert(1)><script>alert(1)</script>');
    await page.waitForTimeout(400);
    assert((await page.locator('main img, main script').count()) === 0, 'no element made from the query');
  });

  await step('every view passes axe-core\'s WCAG 2.1 A and AA rules, light and dark', async () => {
    // A context of its own: injecting axe-core needs the page's script policy set aside, which
    // the pages under test above must keep.
    const axe = require.resolve('axe-core/axe.min.js');
    const found = [];
    for (const colorScheme of ['light', 'dark']) {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme, bypassCSP: true });
      const p = await ctx.newPage();
      const views = [
        ['home', base + '/', null],
        ['results', base + '/?q=withdrawl+symptoms', '.hit'],
        ['contacts first', base + '/?q=rehab+near+me', '.hit'],
        ['section', base + '/s/kratom-addiction%23withdrawal', 'article.section'],
        ['topic', base + '/?topic=detox', '.hit'],
        ['basket', base + '/?q=detox', '.hit .add'],
      ];
      for (const [name, url, ready] of views) {
        await p.goto(url);
        if (ready) await p.locator(ready).first().waitFor();
        if (name === 'basket') {
          await p.locator('.hit .add').first().click();
          await p.locator('#open-basket').click();
          await p.locator('#basket[open]').waitFor();
        }
        await p.addScriptTag({ path: axe });
        const { violations, passes } = await p.evaluate(async () => {
          const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
          return {
            violations: r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
            passes: r.passes.map((v) => v.id),
          };
        });
        // The rules that matter most here really ran: contrast, names of controls.
        for (const rule of ['color-contrast', 'button-name']) {
          if (!passes.includes(rule) && !violations.some((v) => v.startsWith(rule))) found.push(`${colorScheme} ${name}: ${rule} did not run`);
        }
        for (const v of violations) found.push(`${colorScheme} ${name}: ${v}`);
      }
      await ctx.close();
    }
    assert(found.length === 0, found.join('\n'));
  });

  await step('no console errors, CSP violations or outside requests', async () => {
    assert(problems.length === 0, problems.join('\n'));
  });
} catch (err) {
  setupFailed(err);
} finally {
  if (browser) await browser.close();
  if (server) server.child.kill();
  rmSync(work, { recursive: true, force: true });
  console.log(`screenshots: ${shots === work ? '(discarded; set SCREENSHOT_DIR to keep them)' : shots}`);
  exit('browser');
}
