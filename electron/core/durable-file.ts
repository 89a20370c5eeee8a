import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces a small file so that after a crash or power cut it holds the old or the new content,
 * never a torn or empty one, and the new content is on disk before the caller goes on (the device
 * secret is written before the database records the enrolment that needs it). Mode 0600.
 */
export function writeFileDurably(path: string, data: Buffer | string): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600); // whatever the umask or an older temporary file said
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  try {
    // The rename itself is made durable by syncing the folder (not possible on Windows: skipped).
    const dirFd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    /* folders cannot be opened for sync on every platform */
  }
}
