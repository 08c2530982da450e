// Starts the app. Kept as a file (not an inline script) so that the page's
// Content-Security-Policy can forbid inline scripts.
import init from './plumbline.js';
await init({ module_or_path: new URL('./plumbline_bg.wasm', import.meta.url) });
