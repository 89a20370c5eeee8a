import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { RosterImportError } from './errors';

export interface KnownUnit {
  id: string;
  name: string;
}

/** Reads a roster file into the roster object importRoster() takes. */
export async function readRosterFile(path: string, _knownUnits: KnownUnit[]): Promise<unknown> {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') {
    try {
      return JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new RosterImportError([`${path}: not valid JSON (${(error as Error).message})`]);
    }
  }
  throw new RosterImportError([`${path}: unsupported file type ${ext || '(none)'}; use .json, .csv or .xlsx`]);
}
