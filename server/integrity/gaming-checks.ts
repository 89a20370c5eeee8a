/**
 * The gaming checks that need history (docs/integrity.md, "Flags and when they are computed"),
 * run by a periodic job over the ratings received since its last round, walked in arrival order
 * with a cursor and at most `maxRatings` per round (its cost is bounded whatever arrives):
 * - `burst`: in one staff session, a run of ratings each within `burstSeconds` of the previous,
 *   at least `burstMinRatings` long — faster than citizens can be served;
 * - `share_spike`: a session whose share of "Rất hài lòng" is far above the officer's usual (the
 *   90 days before) while the counter's ratings that day are far above its usual day;
 * - `off_hours`: ratings made outside the unit's opening hours (the kiosk settings' openingHours,
 *   per unit and kiosk), one flag per device and day;
 * - `near_login` / `near_logout`: a session's ratings within `nearSessionEdgeSeconds` after the
 *   officer's own login or before their logout (the session events kiosks of revision 3 send) —
 *   an officer rating themselves as they sit down or get up. A session is judged again when its
 *   logout arrives after its ratings (a cursor of its own over the logouts received).
 * A session touched by a round is read whole (its ratings, at most SESSION_LIMIT), so a burst that
 * spans batches or rounds is still found; raising a flag again only adds the ratings it lacks.
 * Each finding is raised in a short transaction of its own, never the round as one.
 */
import { sql } from 'kysely';
import type { IntegritySettings } from '../../shared/console/integrity';
import { openSince, type OpeningHours } from '../../shared/opening-hours';
import { formatDay, vietnamDayOf, vietnamDayStart } from '../../shared/reports/periods';
import { DEFAULT_KIOSK_SETTINGS, KioskSettingsSchema } from '../../shared/settings';
import type { ServerDb } from '../db/connect';
import { allSettingsLayers } from '../kiosk-config';
import { readIntegritySettings } from './integrity-settings';
import { raiseFlag, type FlagFinding } from './rating-flags';

const CURSOR_KEY = 'integrity.gaming-cursor';
const LOGOUT_CURSOR_KEY = 'integrity.logout-cursor';
const SESSION_LIMIT = 5_000;
const USUAL_DAYS = 90;
const FIRST_LOOK_BACK_MS = 7 * 86_400_000;
/** An officer's usual share needs this many ratings before a session can be judged against it. */
const USUAL_MIN_RATINGS = 30;

interface Cursor {
  receivedAt: number;
  id: string;
}

interface SessionRating {
  id: string;
  corrected_at: number;
  score: number;
  unit_id: string;
  device_id: string;
  counter_id: string;
  staff_id: string | null;
}

async function readCursor(db: ServerDb, now: number, key = CURSOR_KEY): Promise<Cursor> {
  const row = await db.selectFrom('console_settings').select('value').where('key', '=', key).executeTakeFirst();
  // The first round looks back a week, not over years of history (docs/integrity.md).
  return row ? (JSON.parse(row.value) as Cursor) : { receivedAt: now - FIRST_LOOK_BACK_MS, id: '' };
}

async function writeCursor(db: ServerDb, cursor: Cursor, at: number, key = CURSOR_KEY): Promise<void> {
  const value = JSON.stringify(cursor);
  await db
    .insertInto('console_settings')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}

/** Each finding in a short transaction of its own: PGlite runs one at a time, and a request must not wait for a whole round. */
function raise(db: ServerDb, finding: FlagFinding, now: number): Promise<string> {
  return db.transaction().execute((trx) => raiseFlag(trx, finding, now));
}

/**
 * One round: the checks over the next ratings received (at most `maxRatings`); answers how many
 * ratings it read and the findings it raised or grew. The cursor moves only when the round is
 * done; a round cut short is run again, and raising a finding again changes nothing.
 */
export async function runGamingChecks(db: ServerDb, now: number, maxRatings = 5_000): Promise<{ ratings: number; flags: number }> {
  const cursor = await readCursor(db, now);
  const batch = await db
    .selectFrom('ratings')
    .select(['id', 'received_at', 'corrected_at', 'device_id', 'unit_id', 'staff_session_id', 'time_uncertain'])
    .where((eb) => eb.or([eb('received_at', '>', cursor.receivedAt), eb.and([eb('received_at', '=', cursor.receivedAt), eb('id', '>', cursor.id)])]))
    .where('received_at', '<=', now)
    .orderBy('received_at')
    .orderBy('id')
    .limit(maxRatings)
    .execute();
  // Logouts that arrived after their session's ratings: the session is judged again for near_logout.
  const logoutCursor = await readCursor(db, now, LOGOUT_CURSOR_KEY);
  const logouts = await db
    .selectFrom('session_events')
    .select(['id', 'received_at', 'session_id'])
    .where('kind', '=', 'logout')
    .where((eb) => eb.or([eb('received_at', '>', logoutCursor.receivedAt), eb.and([eb('received_at', '=', logoutCursor.receivedAt), eb('id', '>', logoutCursor.id)])]))
    .where('received_at', '<=', now)
    .orderBy('received_at')
    .orderBy('id')
    .limit(maxRatings)
    .execute();
  if (batch.length === 0 && logouts.length === 0) return { ratings: 0, flags: 0 };
  const settings = await readIntegritySettings(db);
  const sessions = [...new Set([...batch.filter((r) => !r.time_uncertain && r.staff_session_id !== null).map((r) => r.staff_session_id!), ...logouts.map((e) => e.session_id)])];
  let flags = await checkSessions(db, sessions, settings, now);
  flags += await checkOpeningHours(db, batch.filter((r) => !r.time_uncertain), now);
  const last = batch[batch.length - 1];
  if (last) await writeCursor(db, { receivedAt: last.received_at, id: last.id }, now);
  const lastLogout = logouts[logouts.length - 1];
  if (lastLogout) await writeCursor(db, { receivedAt: lastLogout.received_at, id: lastLogout.id }, now, LOGOUT_CURSOR_KEY);
  return { ratings: batch.length, flags };
}

async function checkSessions(db: ServerDb, sessionIds: readonly string[], settings: IntegritySettings, now: number): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const rows = await db
    .selectFrom('ratings')
    .select(['id', 'corrected_at', 'score', 'unit_id', 'device_id', 'counter_id', 'staff_id', 'staff_session_id'])
    .where('staff_session_id', 'in', sessionIds)
    .where('time_uncertain', '=', false)
    .orderBy('staff_session_id')
    .orderBy('corrected_at')
    .orderBy('id')
    .limit(SESSION_LIMIT * Math.min(sessionIds.length, 20))
    .execute();
  const bySession = new Map<string, SessionRating[]>();
  for (const row of rows) {
    const list = bySession.get(row.staff_session_id!) ?? [];
    if (list.length < SESSION_LIMIT) list.push(row);
    bySession.set(row.staff_session_id!, list);
  }
  let raised = await checkSessionEdges(db, bySession, settings, now);
  const spikeCandidates: { sessionId: string; ratings: SessionRating[]; pct: number }[] = [];
  for (const [sessionId, ratings] of bySession) {
    const first = ratings[0]!;
    const about = { unitId: first.unit_id, deviceId: first.device_id, staffId: first.staff_id, staffSessionId: sessionId };
    const burst = burstsOf(ratings, settings.burstSeconds * 1000, settings.burstMinRatings);
    if (burst.length > 0) {
      const from = burst[0]!.corrected_at;
      const to = burst[burst.length - 1]!.corrected_at;
      await raise(
        db,
        {
          reason: 'burst',
          subject: `session:${sessionId}`,
          ...about,
          ratings: burst.map((r) => ({ id: r.id, at: r.corrected_at })),
          evidence: { ratings: burst.length, seconds: Math.round((to - from) / 1000), from, to, burstSeconds: settings.burstSeconds, burstMinRatings: settings.burstMinRatings },
        },
        now,
      );
      raised += 1;
    }
    // A share below the margin itself cannot be the margin above any usual share: no history needed.
    const pct = (100 * ratings.filter((r) => r.score === 3).length) / ratings.length;
    if (first.staff_id !== null && ratings.length >= settings.shareSpikeMinRatings && pct >= settings.shareSpikePoints) spikeCandidates.push({ sessionId, ratings, pct });
  }
  for (const spike of await shareSpikes(db, spikeCandidates, settings)) {
    const first = spike.ratings[0]!;
    await raise(
      db,
      {
        reason: 'share_spike',
        subject: `session:${spike.sessionId}`,
        unitId: first.unit_id,
        deviceId: first.device_id,
        staffId: first.staff_id,
        staffSessionId: spike.sessionId,
        ratings: spike.ratings.map((r) => ({ id: r.id, at: r.corrected_at })),
        evidence: spike.evidence,
      },
      now,
    );
    raised += 1;
  }
  return raised;
}

/**
 * Ratings within `nearSessionEdgeSeconds` after the session's login or before its logout, as the
 * kiosk's session events place them (corrected times, like the ratings'): one flag per session and
 * edge. Sessions of kiosks that send no session events have no edges to judge.
 */
async function checkSessionEdges(db: ServerDb, bySession: ReadonlyMap<string, SessionRating[]>, settings: IntegritySettings, now: number): Promise<number> {
  if (bySession.size === 0) return 0;
  const events = await db
    .selectFrom('session_events')
    .select(['session_id', 'kind', 'corrected_at'])
    .where('session_id', 'in', [...bySession.keys()])
    .execute();
  const edgeMs = settings.nearSessionEdgeSeconds * 1000;
  let raised = 0;
  for (const event of events) {
    const ratings = bySession.get(event.session_id) ?? [];
    const near = ratings.filter((r) =>
      event.kind === 'login' ? r.corrected_at >= event.corrected_at && r.corrected_at <= event.corrected_at + edgeMs : r.corrected_at <= event.corrected_at && r.corrected_at >= event.corrected_at - edgeMs,
    );
    if (near.length === 0) continue;
    const first = near[0]!;
    await raise(
      db,
      {
        reason: event.kind === 'login' ? 'near_login' : 'near_logout',
        subject: `session:${event.session_id}`,
        unitId: first.unit_id,
        deviceId: first.device_id,
        staffId: first.staff_id,
        staffSessionId: event.session_id,
        ratings: near.map((r) => ({ id: r.id, at: r.corrected_at })),
        evidence: {
          ratings: near.length,
          [event.kind === 'login' ? 'loginAt' : 'logoutAt']: event.corrected_at,
          secondsFromEdge: near.map((r) => Math.round(Math.abs(r.corrected_at - event.corrected_at) / 1000)),
          nearSessionEdgeSeconds: settings.nearSessionEdgeSeconds,
        },
      },
      now,
    );
    raised += 1;
  }
  return raised;
}

/** The ratings of every run of at least `minRatings`, each within `gapMs` of the one before. */
export function burstsOf<T extends { corrected_at: number }>(ratings: readonly T[], gapMs: number, minRatings: number): T[] {
  const found: T[] = [];
  let run: T[] = [];
  const close = () => {
    if (run.length >= minRatings) found.push(...run);
    run = [];
  };
  for (const rating of ratings) {
    if (run.length > 0 && rating.corrected_at - run[run.length - 1]!.corrected_at >= gapMs) close();
    run.push(rating);
  }
  close();
  return found;
}

/**
 * The sessions whose share of "Rất hài lòng" is far above their officer's usual (the 90 days
 * before the round's sessions) while their counter's ratings that day are far above its usual day:
 * two queries over the rollups for all candidates together.
 */
async function shareSpikes(
  db: ServerDb,
  candidates: readonly { sessionId: string; ratings: SessionRating[]; pct: number }[],
  settings: IntegritySettings,
): Promise<{ sessionId: string; ratings: SessionRating[]; evidence: Record<string, unknown> }[]> {
  if (candidates.length === 0) return [];
  const days = candidates.map((c) => vietnamDayOf(c.ratings[0]!.corrected_at));
  const from = Math.min(...days) - USUAL_DAYS;
  const to = Math.max(...days);
  const staffIds = [...new Set(candidates.map((c) => c.ratings[0]!.staff_id!))];
  const counterIds = [...new Set(candidates.map((c) => c.ratings[0]!.counter_id))];
  const [usual, volumes] = await Promise.all([
    db
      .selectFrom('rating_rollup_days')
      .select(['staff_id', 'day', sql<number>`sum(ratings)::int`.as('ratings'), sql<number>`sum(very_satisfied)::int`.as('very')])
      .where('staff_id', 'in', staffIds)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .groupBy(['staff_id', 'day'])
      .execute(),
    db
      .selectFrom('rating_rollup_days')
      .select(['counter_id', 'day', sql<number>`sum(ratings)::int`.as('ratings')])
      .where('counter_id', 'in', counterIds)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .groupBy(['counter_id', 'day'])
      .execute(),
  ]);
  const found: { sessionId: string; ratings: SessionRating[]; evidence: Record<string, unknown> }[] = [];
  candidates.forEach((candidate, i) => {
    const day = days[i]!;
    const { staff_id: staffId, counter_id: counterId } = candidate.ratings[0]!;
    const before = (row: { day: number }) => row.day < day && row.day >= day - USUAL_DAYS;
    const mine = usual.filter((row) => row.staff_id === staffId && before(row));
    const usualRatings = mine.reduce((sum, row) => sum + row.ratings, 0);
    if (usualRatings < USUAL_MIN_RATINGS) return;
    const usualPct = (100 * mine.reduce((sum, row) => sum + row.very, 0)) / usualRatings;
    if (candidate.pct < usualPct + settings.shareSpikePoints) return;
    const counterDays = volumes.filter((row) => row.counter_id === counterId);
    const earlier = counterDays.filter(before);
    if (earlier.length === 0) return;
    const today = counterDays.find((row) => row.day === day)?.ratings ?? candidate.ratings.length;
    const usualDay = earlier.reduce((sum, row) => sum + row.ratings, 0) / earlier.length;
    if (today < usualDay * settings.shareSpikeVolumeFactor) return;
    found.push({
      sessionId: candidate.sessionId,
      ratings: candidate.ratings,
      evidence: {
        sessionRatings: candidate.ratings.length,
        sessionVerySatisfiedPct: Math.round(candidate.pct),
        usualVerySatisfiedPct: Math.round(usualPct),
        counterRatingsThatDay: today,
        counterUsualDay: Math.round(usualDay),
        day: formatDay(day),
      },
    });
  });
  return found;
}

/** Ratings made while their unit (or kiosk) was closed, one flag per device and Vietnam day. */
async function checkOpeningHours(db: ServerDb, ratings: ReadonlyArray<{ id: string; corrected_at: number; device_id: string; unit_id: string }>, now: number): Promise<number> {
  if (ratings.length === 0) return 0;
  const layers = await allSettingsLayers(db);
  const hoursOf = new Map<string, OpeningHours>();
  const openingHours = (deviceId: string, unitId: string): OpeningHours => {
    let hours = hoursOf.get(deviceId);
    if (!hours) {
      const patch = { ...layers.province, ...(layers.units.get(unitId) ?? {}), ...(layers.kiosks.get(deviceId) ?? {}) };
      const parsed = KioskSettingsSchema.safeParse({ ...DEFAULT_KIOSK_SETTINGS, ...patch });
      hours = parsed.success ? parsed.data.openingHours : DEFAULT_KIOSK_SETTINGS.openingHours;
      hoursOf.set(deviceId, hours);
    }
    return hours;
  };
  const groups = new Map<string, { deviceId: string; unitId: string; day: number; ratings: { id: string; at: number }[] }>();
  for (const rating of ratings) {
    if (openSince(openingHours(rating.device_id, rating.unit_id), rating.corrected_at) !== null) continue;
    const day = vietnamDayOf(rating.corrected_at);
    const key = `${rating.device_id}:${formatDay(day)}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { deviceId: rating.device_id, unitId: rating.unit_id, day, ratings: [] }));
    group.ratings.push({ id: rating.id, at: rating.corrected_at });
  }
  for (const [key, group] of groups) {
    const hours = openingHours(group.deviceId, group.unitId);
    await raise(
      db,
      {
        reason: 'off_hours',
        subject: `device:${key}`,
        unitId: group.unitId,
        deviceId: group.deviceId,
        ratings: group.ratings,
        evidence: { day: formatDay(group.day), ratingsFoundThisRound: group.ratings.length, openingHours: hours, dayStartsAt: vietnamDayStart(group.day) },
      },
      now,
    );
  }
  return groups.size;
}
