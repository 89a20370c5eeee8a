/**
 * vitest's globalSetup: a temporary folder for the whole run, removed at its end. Tests put there
 * what is worth making once per run rather than once per file (tests/server/helpers.ts keeps the
 * migrated, seeded PGlite there). Test code reaches it with `inject('runFolder')`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    runFolder: string;
  }
}

export default function setup(project: TestProject): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'nucuoi-test-run-'));
  project.provide('runFolder', folder);
  return () => rmSync(folder, { recursive: true, force: true });
}
