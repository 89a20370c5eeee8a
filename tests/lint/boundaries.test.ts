import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
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
  ])('refuses in %s: %s', async (filePath, code) => {
    expect(await importErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['electron/main/x.ts', "import { app } from 'electron';"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron';"],
    ['electron/core/x.ts', "import { readFileSync } from 'node:fs';"],
    ['renderer/src/x.ts', "import { searchKey } from '../../shared/text';"],
    ['shared/x.ts', "import { z } from 'zod';"],
  ])('allows in %s: %s', async (filePath, code) => {
    expect(await importErrors(filePath, code)).toEqual([]);
  });
});
