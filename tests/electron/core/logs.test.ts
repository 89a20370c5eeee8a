import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../server/app';
import type { KioskCore } from '../../../electron/core/kiosk-core';
import { writeSetting } from '../../../electron/core/settings';
import { setStaffPin } from '../../../electron/core/staff-login/pin';
import { recentJournal, readSyncState } from '../../../electron/core/sync/state';
import type { Result } from '../../../shared/result';
import { draft } from './helpers';
import { enrol, startDemoServer, syncKiosk } from './sync/helpers';

/**
 * Logs hold no citizen data, kiosk side (issue 13, finding 8): the core's log lines, the sync
 * journal and the heartbeat's lastError never hold a comment, a badge code, a PIN or a secret —
 * also when storage fails and when a server answers with the very body it was sent, as the
 * review's server did with the parameters of its failed statements.
 */
const COMMENT = 'Bình luận riêng tư 7741: cán bộ hỏi số điện thoại 0912 345 678';
const BADGE = 'BG-26-000102';
const PIN = '975310';

let server: RunningServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());
const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

/** A citizen taps a face: the rating's id. */
function rate(core: KioskCore): string {
  const rated = core.call('submitRating', draft(1)) as Result<{ id: string }>;
  if (!rated.ok) throw new Error(rated.error.message);
  return rated.value.id;
}

/** A fetch that, while `echo` is set, answers every batch with that status and the batch's own text in its message. */
function echoingServer() {
  const state: { echo: number | null } = { echo: null };
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (state.echo === null || !url.pathname.endsWith('/ratings/batches')) return fetch(input, init);
    const sent = JSON.parse(gunzipSync(Buffer.from(init!.body as Uint8Array)).toString('utf8')) as { ratings: { comment: string | null }[] };
    const quoted = sent.ratings.map((r) => r.comment).filter(Boolean).join(' | ');
    const body = { error: state.echo === 500 ? 'internal' : 'invalid_batch', message: `could not store comment "${quoted}"`, serverTime: Date.now() };
    return new Response(JSON.stringify(body), { status: state.echo, headers: { 'content-type': 'application/json' } });
  };
  return { state, fetch: fetchImpl };
}

describe('the kiosk’s logs', () => {
  it('hold no comment, badge code or PIN after a storage failure and sync failures', async () => {
    const server_ = echoingServer();
    const kiosk = syncKiosk({ sync: { fetch: server_.fetch } });
    cores.push(kiosk.core);
    await enrol(kiosk.core, server);
    const db = kiosk.core.database!;
    const secret = (await kiosk.core.sync!.status()).serverDeviceId;
    expect(secret).not.toBeNull();

    // A citizen rates with a comment; an officer scans a badge and mistypes a PIN.
    const id = rate(kiosk.core);
    expect(kiosk.core.call('updateRating', { id, comment: COMMENT })).toMatchObject({ ok: true });
    kiosk.core.call('finishRating', { id });
    kiosk.core.call('scanBadge', { code: BADGE });
    setStaffPin(db, 'st-000106', '135790', Date.now());
    kiosk.core.call('loginWithPin', { staffId: 'st-000106', pin: PIN });

    // The disk fills up while the next citizens' comments are being saved.
    writeSetting(db, 'maxRatingsPerSessionPerMinute', 60, Date.now());
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let full: Result<unknown> = { ok: true, value: null };
    for (let i = 0; i < 50 && full.ok; i++) {
      full = kiosk.core.call('submitRating', draft(2));
      if (full.ok) full = kiosk.core.call('updateRating', { id: (full.value as { id: string }).id, comment: `${COMMENT} #${i} `.repeat(6).slice(0, 500) });
    }
    expect(full).toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });
    db.pragma('max_page_count = 1073741823');

    // The server fails the batch, then refuses it, each time quoting what it was sent.
    server_.state.echo = 500;
    expect(await kiosk.engine.syncNow()).toMatchObject({ ok: false });
    server_.state.echo = 400;
    await kiosk.engine.syncNow();
    server_.state.echo = null;
    await kiosk.engine.syncNow({ full: true }); // the heartbeat reports the last error to the server

    const everything = [
      ...kiosk.logs,
      JSON.stringify(recentJournal(db, 1_000)),
      JSON.stringify(readSyncState(db, 'lastError') ?? null),
      JSON.stringify(kiosk.engine.status().lastError),
      JSON.stringify((await server.admin.listDevices()).map((d) => d.lastError)),
    ].join('\n');
    expect(kiosk.logs.length).toBeGreaterThan(0);
    expect(recentJournal(db, 1_000).length).toBeGreaterThan(0);
    for (const secretText of [COMMENT, '7741', '0912 345 678', BADGE, PIN, '135790']) expect(everything).not.toContain(secretText);
  });

  it('name an unexpected error by its kind and place, never by its message, which can quote the data', () => {
    const kiosk = syncKiosk();
    cores.push(kiosk.core);
    // A failure whose message is the data being written, as database errors about a row can be.
    kiosk.core.database!.exec('CREATE TRIGGER quote_the_row BEFORE UPDATE ON ratings BEGIN SELECT RAISE(ABORT, NEW.comment); END');
    const id = rate(kiosk.core);
    expect(kiosk.core.call('updateRating', { id, comment: COMMENT })).toMatchObject({ ok: false, error: { code: 'internal' } });
    const logged = kiosk.logs.join('\n');
    expect(logged).toMatch(/internal error: SqliteError SQLITE_CONSTRAINT_TRIGGER/);
    expect(logged).toMatch(/ratings\.ts/); // where it happened
    expect(logged).not.toContain('7741');
  });
});
