// Starts the app. Kept as a file (not an inline script) so that the page's
// Content-Security-Policy can forbid inline scripts.
import init from './plumbline.js';

// Offline after the first visit: the service worker caches this site's own files (never user
// files). Not on file:// or where the build did not produce one.
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register(new URL('./sw.js', import.meta.url)).catch(() => {});
}

await init({ module_or_path: new URL('./plumbline_bg.wasm', import.meta.url) });
