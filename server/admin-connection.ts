import { resolve } from 'node:path';
import { createAdminApi, type AdminApi } from './admin-api';
import { openDatabase } from './db/connect';
import { HttpError, RosterImportError } from './errors';
import { runningServer, type ServerNote } from './server-lock';

/** The AdminApi through a running server's loopback admin route. */
export type RemoteAdminApi = Pick<
  AdminApi,
  | 'importRosterFile'
  | 'createEnrollmentCode'
  | 'listDevices'
  | 'revokeDevice'
  | 'counts'
  | 'listConflicts'
  | 'setOldBadgesUntil'
  | 'oldBadgesUntil'
  | 'reissueBadge'
  | 'currentBadges'
>;

function remoteAdmin(note: ServerNote): RemoteAdminApi {
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
  return {
    importRosterFile: (path) => call('importRosterFile', path),
    createEnrollmentCode: (input) => call('createEnrollmentCode', input),
    listDevices: () => call('listDevices'),
    revokeDevice: (deviceId) => call('revokeDevice', deviceId),
    counts: () => call('counts'),
    listConflicts: () => call('listConflicts'),
    setOldBadgesUntil: (day) => call('setOldBadgesUntil', day),
    oldBadgesUntil: () => call('oldBadgesUntil'),
    reissueBadge: (staffId) => call('reissueBadge', staffId),
    currentBadges: (unitId, staffIds = null) => call('currentBadges', unitId, staffIds),
  };
}

/**
 * The AdminApi for a command-line tool (the admin CLI, the badge sheet), on the server's database
 * (DATABASE_URL, or DATA_DIR for PGlite). With PGlite a running server owns the data folder: the
 * tool then asks that server, on loopback, with the token it left in the folder.
 */
export async function connectAdmin(): Promise<{ admin: RemoteAdminApi; close: () => Promise<void> }> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = databaseUrl ? undefined : resolve(process.env.DATA_DIR || './.server-data');
  const note = dataDir ? runningServer(dataDir) : null;
  if (note) return { admin: remoteAdmin(note), close: async () => {} };
  const opened = await openDatabase({ databaseUrl, dataDir });
  return { admin: createAdminApi(opened.db, Date.now), close: () => opened.close() };
}
