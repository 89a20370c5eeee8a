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

/**
 * The provincial console's Content-Security-Policy (served by the server with every page): only
 * its own scripts, styles and fonts, no inline script or style element, no eval, no WebAssembly,
 * nothing framed, no form posted anywhere (the console submits with fetch). The charts' SVG is
 * styled through the DOM's style objects, which a CSP does not restrict.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
