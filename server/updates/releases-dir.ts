import { resolve } from 'node:path';

/**
 * Where the server keeps uploaded releases: RELEASES_DIR, else `releases` in DATA_DIR (the
 * server's data folder, ./.server-data by default). With PostgreSQL (DATABASE_URL) the files still
 * live on this machine's disk: set RELEASES_DIR (or DATA_DIR) to a folder that is backed up.
 */
export function releasesDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RELEASES_DIR) return resolve(env.RELEASES_DIR);
  return resolve(env.DATA_DIR || './.server-data', 'releases');
}
