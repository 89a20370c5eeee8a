import type { Database } from 'better-sqlite3';
import { STAFF_PIN_UPLOAD_MAX, StaffPinUploadResponseSchema, type StaffPinUpload } from '../../../shared/protocol';
import type { Credentials } from './client';
import type { SignedRequests } from './signed-request';
import { journal } from './state';

/** After a server answered 404 (older than `/staff-pins`), PINs wait this long before they are offered again. */
export const PIN_UPLOAD_RETRY_AFTER_404_MS = 6 * 60 * 60_000;

/**
 * Sends the PINs officers set or removed themselves here (`pin_uploads`, filled by
 * staff-login/pin.ts `setOwnPin`) to the server: the salted hash, never the PIN. A row leaves the
 * queue only once the server has answered for that very change (`stored`, `superseded` or
 * `rejected`); a newer change of the same officer made meanwhile stays for the next run. Network
 * errors, 5xx and 429 fail the run like any signed call (signed-request.ts) and the queue is sent
 * again: the server takes a resend as the same change. A server older than the endpoint (404) or
 * one that refuses the body (400) is journalled for IT staff and asked again after a pause; the
 * PINs stay on this kiosk meanwhile.
 */
export class PinUpload {
  private pausedUntil = -Infinity;

  constructor(
    private readonly requests: SignedRequests,
    private readonly now: () => number,
    private readonly log: (line: string) => void,
  ) {}

  pending(db: Database): number {
    return (db.prepare('SELECT count(*) AS n FROM pin_uploads').get() as { n: number }).n;
  }

  async send(db: Database, credentials: Credentials): Promise<void> {
    if (this.now() < this.pausedUntil) return;
    const rows = db
      .prepare('SELECT staff_id AS staffId, pin_hash AS hash, set_at AS setAt FROM pin_uploads ORDER BY set_at, staff_id LIMIT ?')
      .all(STAFF_PIN_UPLOAD_MAX) as { staffId: string; hash: string | null; setAt: number }[];
    if (rows.length === 0) return;
    const body: StaffPinUpload = { pins: rows };
    const answer = await this.requests.send(db, credentials, { method: 'POST', route: '/staff-pins', json: JSON.stringify(body) }, '/staff-pins');
    if (answer.status === 404 || answer.status === 400) {
      this.pausedUntil = this.now() + PIN_UPLOAD_RETRY_AFTER_404_MS;
      journal(db, this.now(), 'pin_upload_not_taken', { status: answer.status, pending: rows.length });
      this.log(`/staff-pins: the server answered ${answer.status}; ${rows.length} PIN change(s) stay on this kiosk and are offered again later`);
      return;
    }
    if (answer.status >= 300) return; // 401/403: the device is refused; the run's other calls say why.
    const parsed = StaffPinUploadResponseSchema.safeParse(answer.body);
    if (!parsed.success) {
      journal(db, this.now(), 'pin_upload_unreadable', { status: answer.status });
      return;
    }
    const done = db.prepare('DELETE FROM pin_uploads WHERE staff_id = ? AND set_at = ?');
    db.transaction(() => {
      for (const result of parsed.data.results) {
        if (!rows.some((row) => row.staffId === result.staffId && row.setAt === result.setAt)) continue;
        done.run(result.staffId, result.setAt);
        if (result.outcome !== 'stored') {
          // Staff ids only: never a hash in the journal.
          journal(db, this.now(), 'pin_upload_not_stored', { staffId: result.staffId, outcome: result.outcome, error: result.error ?? null });
        }
      }
    })();
  }
}
