import { resolve } from 'node:path';
import { createAdminApi, REMOTE_ADMIN_METHODS, type AdminApi } from './admin-api';
import { openDatabase, type ServerDb } from './db/connect';
import { HttpError, RosterImportError } from './errors';
import { keyRingFromEnvironment, type SecretKeyRing } from './secret-keys';
import { runningServer, type ServerNote } from './server-lock';

/** What the command-line tools may call: the methods the loopback admin route runs. */
export type RemoteAdmin = Pick<AdminApi, (typeof REMOTE_ADMIN_METHODS)[number]>;

/** The AdminApi through a running server's loopback admin route. */
function remoteAdmin(note: ServerNote): RemoteAdmin {
  const call = async (method: string, ...args: unknown[]) => {
    const response = await fetch(`${note.url}/admin/v1/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${note.adminToken}` },
      body: JSON.stringify({ method, args }),
    });
    const json = (await response.json()) as { result?: unknown; error?: string; message?: string; issues?: string[] };
    if (json.error === 'invalid_roster') throw new RosterImportError(json.issues ?? [json.message ?? '']);
    if (!response.ok) throw new HttpError(response.status, json.error ?? 'error', json.message ?? `HTTP ${response.status}`);
    return json.result as never;
  };
  return Object.fromEntries(REMOTE_ADMIN_METHODS.map((method) => [method, (...args: unknown[]) => call(method, ...args)])) as unknown as RemoteAdmin;
}

export interface AdminConnection {
  admin: RemoteAdmin;
  /** The database, when this process opened it itself (no running server holds the folder). */
  db: ServerDb | null;
  /** The running server asked instead, when one holds the PGlite folder. */
  server: ServerNote | null;
  /** PGlite's folder, when the database is PGlite. */
  dataDir: string | undefined;
  /** The keys for device secrets at rest (the server's variables), when this process opened the database; null without a key. */
  keys: SecretKeyRing | null;
  close(): Promise<void>;
}

/**
 * The AdminApi for a command-line tool (the admin CLI, the badge sheet), on the server's database
 * (DATABASE_URL, or DATA_DIR for PGlite). With PGlite a running server owns the data folder: the
 * tool then asks that server, on loopback, with the token it left in the folder. Otherwise the keys
 * for device secrets come from the same variables as the server's (docs/server.md).
 */
export async function connectAdmin(): Promise<AdminConnection> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = databaseUrl ? undefined : resolve(process.env.DATA_DIR || './.server-data');
  const note = dataDir ? runningServer(dataDir) : null;
  if (note) return { admin: remoteAdmin(note), db: null, server: note, dataDir, keys: null, close: async () => {} };
  const keys = keyRingFromEnvironment(process.env, { dataDir, demo: false });
  const opened = await openDatabase({ databaseUrl, dataDir, keys: keys ?? undefined });
  return { admin: createAdminApi(opened.db, keys, Date.now), db: opened.db, server: null, dataDir, keys, close: () => opened.close() };
}
