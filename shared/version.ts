/** The app's version, from package.json at build time (Vite `define`); "0.0.0-dev" when run unbuilt. */
declare const __APP_VERSION__: string | undefined;
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
