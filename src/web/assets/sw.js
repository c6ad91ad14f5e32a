// Service worker of the offline copy (written by `outreach export` and `outreach serve`, which
// fill in the edition and the file list). It keeps one whole edition in a cache named by its
// version. A new edition arrives as a new copy of this file: its install downloads every file
// into a new cache and fails (leaving the old worker and cache in charge) if any download
// fails; only a complete cache activates, and then the old caches are deleted.
'use strict';
// Each placeholder becomes a JSON value (strings quoted and escaped).
const EDITION = __EDITION__;
const VERSION = __VERSION__;
const BASE = __BASE__;
const FILES = __FILES__;
const CACHE = `outreach-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      // `reload`: never fill the new edition from the browser's HTTP cache of the old one.
      await Promise.all(FILES.map(async (f) => {
        const url = BASE + f;
        const r = await fetch(new Request(url, { cache: 'reload', credentials: 'same-origin' }));
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        await cache.put(url, r);
      }));
    } catch (err) {
      // Incomplete: throw the partial cache away; the worker in charge keeps its edition.
      await caches.delete(CACHE);
      throw err;
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const old = names.filter((n) => n.startsWith('outreach-') && n !== CACHE);
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
        return (await cache.match(BASE)) || Response.error();
      }
    }
    return (await cache.match(req)) || fetch(req);
  })());
});
