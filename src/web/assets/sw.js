// Service worker of the offline copy (written by `outreach export` and `outreach serve`, which
// fill in the edition and the files with the start of each one's SHA-256). It keeps one whole edition in a
// cache named by its copy's base and version. A new edition arrives as a new copy of this
// file: its install fills a new cache and fails (leaving the old worker and cache in charge)
// if any file fails to download or is not this edition's own (an upload not finished, a stale
// cache on the way); only a complete cache activates, and then this copy's old caches are
// deleted, never another copy's on the same site. A file whose bytes an earlier edition
// already holds is taken from that cache, not downloaded again.
'use strict';
// Each placeholder becomes a JSON value (strings quoted and escaped).
const EDITION = __EDITION__;
const VERSION = __VERSION__;
const BASE = __BASE__;
// [path under BASE, the first 8 hex digits (32 bits) of its SHA-256 (null: a page the server
// makes)], sent grouped by folder ({"s/kratom-addiction/": {"detox.html": …}}), which keeps
// each folder's name once.
const FILES = Object.entries(__FILES__).flatMap(([dir, files]) => Object.entries(files).map(([f, h]) => [dir + f, h]));
// Caches of this copy: another copy on the same site (another base) has its own.
const OURS = `outreach-${BASE}-`;
const CACHE = `${OURS}${VERSION}`;
// Cache names before copies were told apart by base ("outreach-VERSION"): replaced.
const EARLIER = /^outreach-[^/]*$/;

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest.slice(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
}

// This copy's earlier cached response for `url` holding the bytes `want` names, if any.
async function already(url, want) {
  if (!want) return null;
  for (const name of await caches.keys()) {
    if (name === CACHE || !(name.startsWith(OURS) || EARLIER.test(name))) continue;
    const hit = await (await caches.open(name)).match(url);
    if (hit && (await sha256(await hit.clone().arrayBuffer())) === want) return hit;
  }
  return null;
}

// Tells the pages of this copy (kept or not yet) why no copy was kept.
async function tell(message) {
  for (const c of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) c.postMessage(message);
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      await Promise.all(FILES.map(async ([f, want]) => {
        const url = BASE + f;
        const kept = await already(url, want);
        if (kept) return cache.put(url, kept);
        const get = async (mode) => {
          const r = await fetch(new Request(url, { cache: mode, credentials: 'same-origin' }));
          if (!r.ok) throw new Error(`${f || 'the start page'} answered ${r.status}`);
          return [r, await r.arrayBuffer()];
        };
        // A file with a hash may come from the browser's HTTP cache (what the page itself just
        // loaded, on a first visit): the hash tells an old copy, which is fetched again past
        // that cache (`reload`); a page the server makes always is.
        let [r, body] = await get(want ? 'default' : 'reload');
        if (want && (await sha256(body)) !== want) [r, body] = await get('reload');
        if (want && (await sha256(body)) !== want) {
          throw new Error(`${f} is not edition ${EDITION}'s (an upload not finished, or a host that changes files)`);
        }
        const type = r.headers.get('Content-Type');
        await cache.put(url, new Response(body, { status: r.status, headers: type ? { 'Content-Type': type } : {} }));
      }));
    } catch (err) {
      // Incomplete: throw the partial cache away; the worker in charge keeps its edition.
      await caches.delete(CACHE);
      await tell({ type: 'not-kept', edition: EDITION, reason: String(err && err.message ? err.message : err) });
      throw err;
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const old = names.filter((n) => n !== CACHE && (n.startsWith(OURS) || EARLIER.test(n)));
    await Promise.all(old.map((n) => caches.delete(n)));
    await self.clients.claim();
    if (old.length) {
      for (const c of await self.clients.matchAll({ type: 'window' })) c.postMessage({ type: 'updated', edition: EDITION });
    }
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'edition') {
    event.source.postMessage({ type: 'edition', edition: EDITION, version: VERSION });
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
  if (url.pathname.startsWith(`${BASE}api/`)) return; // the server's API: network only
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    if (req.mode === 'navigate') {
      // Pages: the cached copy (whatever the query; the script draws results itself).
      const hit = await cache.match(req, { ignoreSearch: true })
        || await cache.match(url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname);
      if (hit) return hit;
      try {
        return await fetch(req);
      } catch (err) {
        return (await cache.match(BASE)) || (await cache.match(`${BASE}index.html`)) || Response.error();
      }
    }
    // The home page's <main>, asked for by the base URL, is kept by its file name.
    const folder = url.pathname.endsWith('/') ? await cache.match(`${url.pathname}index.html`) : undefined;
    return (await cache.match(req)) || folder || fetch(req);
  })());
});
