import type { DeviceSummary, StoredConflict } from './admin-api';
import { escapeForTerminal, escapeLinesForTerminal } from './terminal-text';

/**
 * What `npm run admin` prints. Everything a kiosk or a file sent (names, versions, errors) passes
 * through escapeForTerminal: a device named with ESC, BEL or U+202E shows those as escapes.
 */
function formatAge(ms: number | null, now: number): string {
  if (ms === null) return 'never';
  const s = Math.round((now - ms) / 1000);
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} days ago`;
}

/** A kiosk that left roster rows out is in error until a roster applies whole: how many, and the first ones. */
function rosterProblemText(d: DeviceSummary): string {
  const first = d.rosterProblems.slice(0, 3).map((p) => (p.staffId ? `${p.staffId} ${p.reason}` : p.reason));
  return `roster not fully applied, ${d.rosterProblems.length} row(s) left out (${first.join(', ')}${d.rosterProblems.length > 3 ? ', …' : ''})`;
}

/** The `devices` table: one kiosk a line, columns aligned. */
export function deviceTable(devices: DeviceSummary[], now: number): string {
  if (devices.length === 0) return 'no devices enrolled';
  const header = ['device', 'name', 'unit', 'counter', 'version', 'status', 'last heartbeat', 'pending', 'oldest pending', 'clock offset', 'failed logins 24h', 'alerts', 'state'];
  const rows = devices.map((d) => [
    d.deviceId,
    d.name,
    d.unitId,
    d.counterId ?? '-',
    d.appVersion,
    // Judged from heartbeats within the unit's opening hours, as on the console's fleet page.
    d.status.toUpperCase(),
    formatAge(d.lastHeartbeatAt, now),
    d.pendingCount === null ? '?' : String(d.pendingCount),
    d.oldestPendingAgeMs === null ? '-' : `${Math.round(d.oldestPendingAgeMs / 60_000)} min`,
    d.clockOffsetMs === null ? '?' : `${d.clockOffsetMs} ms`,
    d.failedLogins === null ? '?' : `${d.failedLogins.badges} badge, ${d.failedLogins.pins} PIN`,
    d.openAlerts.join(',') || '-',
    (d.revokedAt !== null ? 'REVOKED' : d.rosterProblems.length > 0 ? `error: ${rosterProblemText(d)}` : d.lastError ? `error: ${d.lastError.slice(0, 60)}` : 'ok') +
      (d.conflictsNotKept > 0 ? `; ${d.conflictsNotKept} conflicts not kept` : ''),
  ].map(escapeForTerminal));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length)).join('  ').trimEnd()).join('\n');
}

/** One line per conflict kept aside (`conflicts`). */
export function conflictLines(conflicts: StoredConflict[]): string {
  if (conflicts.length === 0) return 'no conflicts';
  return conflicts
    .map((c) => escapeForTerminal(`${c.ratingId}  device ${c.deviceId}  received ${new Date(c.receivedAt).toISOString()}  batch ${c.batchId}`))
    .join('\n');
}

/**
 * A listing as JSON (`--json`), with the characters JSON.stringify leaves raw (DEL, C1 controls,
 * bidirectional formatting) escaped too. Its only raw line breaks are its own layout: strings
 * never hold one.
 */
export function jsonListing(value: unknown): string {
  return escapeLinesForTerminal(JSON.stringify(value, null, 2));
}
