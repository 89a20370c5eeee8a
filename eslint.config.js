// Lint with the architecture's boundaries (ARCHITECTURE.md, docs/architecture.md): only
// electron/main and the preload import 'electron'; shared/ imports neither Node nor the DOM; the
// renderer reaches the kiosk only through window.kiosk, never by importing the core.
// Imports point one way: electron/main → electron/core → shared; web-host → electron/core →
// shared; server → shared. Code the kiosk and the server both run under Node is in shared/node/,
// which Node code may import and which imports nothing of either side; the two hosts never import
// each other, and neither the kiosk nor the server imports the other. The provincial console
// (console/) is a browser app like the renderer: it reaches the server only over HTTP, imports only
// types from the console contract (so zod stays out of its bundle), and nothing of the kiosk.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const noReact = { name: 'react', message: 'Node code does not render.' };
const nodeBuiltinPaths = nodeBuiltins.map((name) => ({ name, message: 'This code must run without Node.' }));

// A later block's options for a rule replace an earlier block's, so each folder below lists
// everything it refuses. Patterns match the import as written (gitignore-style).
const noRenderer = { group: ['**/renderer/**'], message: 'Node code must not import the renderer.' };
const noServerFromKiosk = {
  group: ['**/server/**'],
  message: 'The kiosk never imports the provincial server: what both need is in shared/ or shared/node/.',
};
const noKioskFromServer = {
  group: ['**/electron/**', '**/web-host/**'],
  message: 'The server never imports the kiosk: what both need is in shared/ or shared/node/.',
};
const noOtherHost = (host) => ({
  group: [`**/${host}/**`],
  message: 'electron/main and web-host/ are two hosts of the same core: neither imports the other (shared/node/ has what both need).',
});
// Only the console's own code imports it (its source is all under console/src; server/console/
// is the server's API for it, a different folder).
const noConsole = { group: ['**/console/src/**'], message: 'The provincial console is a browser app of its own: nothing imports it.' };
const noSharedNode = (who) => ({ group: ['**/shared/node/**'], message: `shared/node/ needs Node, which ${who} does not have.` });

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**', '.kiosk-data/**', '.server-data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, noReact],
          patterns: [
            noRenderer,
            noServerFromKiosk,
            noConsole,
            // From inside electron/core, electron/main is also spelled ../main/…
            { group: ['**/main/**', '**/web-host/**'], message: 'The core is run by its hosts (electron/main, web-host/) and never imports them.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noReact], patterns: [noRenderer, noServerFromKiosk, noConsole, noOtherHost('web-host')] }],
    },
  },
  {
    files: ['web-host/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron, noReact], patterns: [noRenderer, noServerFromKiosk, noConsole, noOtherHost('electron/main')] },
      ],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron, noReact], patterns: [noRenderer, noKioskFromServer, noConsole] }],
    },
  },
  {
    files: ['shared/**'],
    ignores: ['shared/node/**'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...nodeBuiltinPaths, { name: 'react', message: 'shared/ is framework-free.' }],
          patterns: [
            { group: ['**/electron/**', '**/renderer/**', '**/server/**', '**/web-host/**', '**/console/src/**'], message: 'shared/ depends on nothing of ours.' },
            // From inside shared/, shared/node/ is also spelled ./node/…
            { group: ['**/node/**'], message: 'shared/ runs everywhere: only Node code imports shared/node/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    // What the kiosk and the server both compute under Node (request signing, the badge hash, static
    // files): Node is allowed here, and nothing of either side, so that neither imports the other.
    files: ['shared/node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, { name: 'react', message: 'shared/node/ is framework-free.' }, { name: 'react-dom', message: 'shared/node/ is framework-free.' }],
          patterns: [
            { group: ['**/electron/**', '**/renderer/**', '**/server/**', '**/web-host/**', '**/console/src/**'], message: 'shared/node/ depends on nothing of ours but shared/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...nodeBuiltinPaths],
          patterns: [
            {
              group: ['**/electron/**', '**/server/**', '**/web-host/**'],
              message: 'The renderer reaches the kiosk only through window.kiosk.',
            },
            noSharedNode('the renderer'),
            noConsole,
          ],
        },
      ],
    },
  },
  {
    files: ['console/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...nodeBuiltinPaths],
          patterns: [
            {
              group: ['**/electron/**', '**/server/**', '**/web-host/**', '**/renderer/**'],
              message: 'The console reaches the server only through its HTTP API (shared/console/); it shares nothing with the kiosk but shared/.',
            },
            noSharedNode('the console'),
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', allowTypeImports: true, message: 'The console validates nothing with zod: the server does, and zod stays out of the bundle.' }],
          patterns: [
            {
              group: ['**/shared/console/api'],
              allowTypeImports: true,
              message: 'Import only types from the console contract (it holds zod schemas); its plain values are in shared/console/constants.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', '__filename'],
    },
  },
  {
    files: ['electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPaths,
          patterns: [
            { group: ['**/core/**', '**/main/**', '**/renderer/**'], message: 'The sandboxed preload only bridges.' },
            noConsole,
            noSharedNode('the sandboxed preload'),
          ],
        },
      ],
    },
  },
);
