import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const projectRoot = join(__dirname, '../..');
const eslint = new ESLint({ cwd: projectRoot });

const isBoundaryRule = (m: { ruleId: string | null }) =>
  m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports' || m.ruleId === 'no-restricted-globals';

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter(isBoundaryRule).map((m) => m.message);
}

describe('lint keeps the architecture boundaries', () => {
  it.each([
    ['electron/core/x.ts', "import { app } from 'electron';"],
    ['shared/x.ts', "import { app } from 'electron';"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['server/x.ts', "import { app } from 'electron';"],
    ['web-host/x.ts', "import { app } from 'electron';"],
    ['shared/x.ts', "import { readFileSync } from 'node:fs';"],
    ['shared/x.ts', "import { createHash } from 'crypto';"],
    ['shared/x.ts', 'export const w = window.innerWidth;'],
    ['shared/x.ts', 'export const d = document.title;'],
    ['renderer/src/x.ts', "import { KioskCore } from '../../electron/core/kiosk-core';"],
    ['renderer/src/x.ts', "import { join } from 'node:path';"],
    ['electron/preload/x.ts', "import { readFileSync } from 'node:fs';"],
    // The server never imports the kiosk, not even to re-export one function.
    ['server/x.ts', "import { KioskCore } from '../electron/core/kiosk-core';"],
    ['server/x.ts', "export { hashBadgeCode } from '../electron/core/roster';"],
    ['server/routes/x.ts', "import { handleAppRequest } from '../../electron/main/app-protocol';"],
    ['server/x.ts', "import { createWebHost } from '../web-host/server';"],
    // The two kiosk hosts never import each other.
    ['electron/main/x.ts', "import { resolveStaticFile } from '../../web-host/static-files';"],
    ['web-host/x.ts', "import { handleAppRequest } from '../electron/main/app-protocol';"],
    // The core is run by its hosts and knows neither them nor the server.
    ['electron/core/x.ts', "import { startServer } from '../../server/app';"],
    ['electron/core/x.ts', "import { createWebHost } from '../../web-host/server';"],
    ['electron/core/x.ts', "import { handleAppRequest } from '../main/app-protocol';"],
    ['electron/core/sync/x.ts', "import { handleAppRequest } from '../../main/app-protocol';"],
    ['electron/core/x.ts', "import { handleAppRequest } from '../../electron/main/app-protocol';"],
    // Nor does either kiosk host import the server.
    ['electron/main/x.ts', "import { startServer } from '../../server/app';"],
    ['web-host/x.ts', "import { startServer } from '../server/app';"],
    // shared/node/ needs Node: not for the renderer, the preload or the rest of shared/.
    ['renderer/src/x.ts', "import { hashBadgeCode } from '../../shared/node/badge-hash';"],
    ['electron/preload/x.ts', "import { signRequest } from '../../shared/node/signing';"],
    ['shared/x.ts', "import { signRequest } from './node/signing';"],
    // shared/node/ imports nothing of either side, nor electron, React or the DOM.
    ['shared/node/x.ts', "import { KioskCore } from '../../electron/core/kiosk-core';"],
    ['shared/node/x.ts', "import { startServer } from '../../server/app';"],
    ['shared/node/x.ts', "import { sendStaticFile } from '../../web-host/static-files';"],
    ['shared/node/x.ts', "import { searchKey } from '../../renderer/src/x';"],
    ['shared/node/x.ts', "import { app } from 'electron';"],
    ['shared/node/x.ts', "import { useState } from 'react';"],
    ['shared/node/x.ts', 'export const d = document.title;'],
    // The console is a browser app: it reaches the server over HTTP only and shares nothing with the kiosk.
    ['console/src/x.ts', "import { startServer } from '../../server/app';"],
    ['console/src/pages/x.tsx', "import { UserScope } from '../../../server/console/scope';"],
    ['console/src/x.ts', "import { KioskCore } from '../../electron/core/kiosk-core';"],
    ['console/src/x.ts', "import { LanguageSwitch } from '../../renderer/src/components/LanguageSwitch';"],
    ['console/src/x.ts', "import { createWebHost } from '../../web-host/server';"],
    ['console/src/x.ts', "import { hashBadgeCode } from '../../shared/node/badge-hash';"],
    ['console/src/x.ts', "import { readFileSync } from 'node:fs';"],
    ['console/src/x.ts', "import { app } from 'electron';"],
    ['console/src/x.ts', 'export const e = process.env.NODE_ENV;'],
    // …and only types from the console contract, never zod (the schemas stay on the server).
    ['console/src/x.ts', "import { ReportSchema } from '../../shared/console/api';"],
    ['console/src/x.ts', "import { z } from 'zod';"],
    // Nothing imports the console.
    ['server/x.ts', "import { App } from '../console/src/App';"],
    ['renderer/src/x.ts', "import { App } from '../../console/src/App';"],
    ['shared/x.ts', "import { formatPercent } from '../console/src/format/numbers';"],
    ['web-host/x.ts', "import { App } from '../console/src/App';"],
  ])('refuses in %s: %s', async (filePath, code) => {
    expect(await importErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['electron/main/x.ts', "import { app } from 'electron';"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron';"],
    ['electron/core/x.ts', "import { readFileSync } from 'node:fs';"],
    ['renderer/src/x.ts', "import { searchKey } from '../../shared/text';"],
    ['shared/x.ts', "import { z } from 'zod';"],
    // Each side reaches what both need through shared/node/.
    ['server/x.ts', "import { signatureMatches } from '../shared/node/signing';"],
    ['server/routes/x.ts', "import { hashBadgeCode } from '../../shared/node/badge-hash';"],
    ['electron/core/sync/x.ts', "import { signRequest } from '../../../shared/node/signing';"],
    ['electron/main/x.ts', "import { resolveStaticFile } from '../../shared/node/static-files';"],
    ['web-host/x.ts', "import { resolveStaticFile } from '../shared/node/static-files';"],
    // Both hosts run the core.
    ['electron/main/x.ts', "import { writeFileDurably } from '../core/durable-file';"],
    ['web-host/x.ts', "import { KioskCore } from '../electron/core/kiosk-core';"],
    // shared/node/ uses Node and the rest of shared/.
    ['shared/node/x.ts', "import { createHash } from 'node:crypto';"],
    ['shared/node/x.ts', "import { signingText } from '../protocol';"],
    ['shared/node/x.ts', "export const b = Buffer.from('x'); export const t = process.env.TZ;"],
    // The console: types of the contract, its zod-free values, shared/'s pure code, the DOM.
    ['console/src/x.ts', "import type { Report } from '../../shared/console/api';"],
    ['console/src/x.ts', "import { CONSOLE_API_PREFIX } from '../../shared/console/constants';"],
    ['console/src/x.ts', "import { previousPeriod } from '../../shared/reports/periods';"],
    ['console/src/x.ts', "import { init } from 'echarts/core'; export const w = window.location.pathname;"],
    // The server's console API is the server's own folder, not the console app.
    ['server/x.ts', "import { consoleApi } from './console/plugin';"],
    ['server/console/x.ts', "import { UserScope } from './scope';"],
  ])('allows in %s: %s', async (filePath, code) => {
    expect(await importErrors(filePath, code)).toEqual([]);
  });
});

describe('npm run lint fails when a forbidden import is added', () => {
  it.each([
    ['server', "import { KioskCore } from '../electron/core/kiosk-core';"],
    ['server', "import { createWebHost } from '../web-host/server';"],
    ['electron/main', "import { sendStaticFile } from '../../web-host/static-files';"],
    ['web-host', "import { handleAppRequest } from '../electron/main/app-protocol';"],
    ['electron/core', "import { startServer } from '../../server/app';"],
    ['electron/core', "import { createWebHost } from '../../web-host/server';"],
    ['electron/core', "import { handleAppRequest } from '../main/app-protocol';"],
    ['renderer/src', "import { hashBadgeCode } from '../../shared/node/badge-hash';"],
    ['shared', "import { signRequest } from './node/signing';"],
    ['console/src', "import { startServer } from '../../server/app';"],
    ['console/src', "import { ReportSchema } from '../../shared/console/api';"],
  ])('a file in %s with: %s', async (folder, code) => {
    // A real file in the real tree, linted with the project's configuration as `eslint .` lints it.
    const probe = join(projectRoot, folder, `__lint_probe_${process.pid}__.ts`);
    writeFileSync(probe, `${code}\nexport const probe = 1;\n`);
    try {
      const [result] = await eslint.lintFiles([probe]);
      expect(result!.filePath).toBe(probe);
      expect(result!.messages.filter((m) => isBoundaryRule(m) && m.severity === 2)).not.toEqual([]);
    } finally {
      rmSync(probe, { force: true });
    }
  });
});
