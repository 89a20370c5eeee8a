/**
 * SQLite failures that mean "the disk cannot take writes now" (full, read-only, I/O error) as
 * opposed to a bug. They are shown to the citizen as a polite error and to IT staff as a status;
 * the kiosk retries on the next call and recovers by itself when space returns.
 */
const STORAGE_CODES = [
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_PERM',
];
const NODE_FS_CODES = ['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EDQUOT'];

export function isStorageUnavailableError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return STORAGE_CODES.some((prefix) => code.startsWith(prefix)) || NODE_FS_CODES.includes(code);
}

/** SQLite failures that mean the file itself is not a usable database. */
export function isCorruptDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}

export function describeStorageError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
