// Lint with the architecture's boundaries (ARCHITECTURE.md): only electron/main and the preload
// import 'electron'; shared/ imports neither Node nor the DOM; the renderer reaches the kiosk
// only through window.kiosk, never by importing the core.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const nodeBuiltinPaths = nodeBuiltins.map((name) => ({ name, message: 'This code must run without Node.' }));

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
    files: ['electron/core/**', 'web-host/**', 'server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, { name: 'react', message: 'Node code does not render.' }],
          patterns: [{ group: ['**/renderer/**'], message: 'Node code must not import the renderer.' }],
        },
      ],
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
            { group: ['**/electron/**', '**/renderer/**', '**/server/**', '**/web-host/**'], message: 'shared/ depends on nothing of ours.' },
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
          paths: [noElectron, { name: 'react', message: 'shared/node/ is framework-free.' }],
          patterns: [
            { group: ['**/electron/**', '**/renderer/**', '**/server/**', '**/web-host/**'], message: 'shared/node/ depends on nothing of ours but shared/.' },
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
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPaths,
          patterns: [{ group: ['**/core/**', '**/main/**', '**/renderer/**'], message: 'The sandboxed preload only bridges.' }],
        },
      ],
    },
  },
);
