// Plumbline's service worker: keeps the site's files (the app and its demo data) in a cache from
// the first visit, so that a later visit works with no network. It only ever handles GET requests for this site's own files under
// its scope; user files never pass through it (the app reads them from the disk as File objects)
// and nothing is stored but the site's own files. Network first, so a visit with a network always
// gets the current files; the cache answers when the network does not.
// scripts/finish_dist.mjs fills VERSION (a hash of every file's content) and FILES at build time.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `plumbline-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('plumbline-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  const scope = new URL(self.registration.scope);
  if (request.method !== 'GET' || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  event.respondWith(
    fetch(request).then((response) => {
      // Keep a copy of every file of the site that was fetched whole (the demo data after its
      // first use); partial and failed responses are not kept. The copy is stored in the
      // background: the response never waits for the cache, and a cache that fails (its quota,
      // a cache deleted by a newer version) never fails the load.
      if (response.status === 200) {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {}));
      }
      return response;
    }, async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      throw new Error(`offline and not cached: ${url.pathname}`);
    }),
  );
});
