/**
 * The renderer's Content-Security-Policy, the same in Electron (app://) and in the web host.
 * Everything comes from the app itself: no CDN, no remote fonts, no inline script.
 * 'wasm-unsafe-eval' lets the badge decoder's WebAssembly (shipped with the app) compile.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
