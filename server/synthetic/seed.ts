/**
 * `npm run admin -- seed-synthetic --ratings N [--years Y]`: the made-up province of province.ts
 * with N ratings written straight into the database by set-based SQL (INSERT … SELECT over
 * generate_series, never the HTTP protocol), then the rollups rebuilt — for benchmarks and demos.
 *
 * Ratings fall on working days and in office hours in Vietnam time (7:30–11:30, 13:30–17:00),
 * somewhat more of them in recent years (as the campaign spread), at each officer's skewed volume, with
 * scores that follow their quality: most citizens satisfied, some units clearly worse. About 3%
 * have no officer logged in, about 10% carry a Vietnamese comment (more after a bad score), and a
 * few of those a phone number, an e-mail address or an ID number for the console to mask.
 */
import { sql, type Kysely } from 'kysely';
import { CRITERIA_KEYS } from '../../shared/criteria';
import { vietnamDayOf } from '../../shared/reports/periods';
import { searchKey } from '../../shared/text';
import type { ServerDb } from '../db/connect';
import type { ServerDatabase } from '../db/schema';
import { sealUnknownSecret } from '../devices';
import { commentSearchKey } from '../reports/comment-search';
import { rebuildRollups } from '../reports/rollups';
import type { SecretKeyRing } from '../secret-keys';
import { SYNTHETIC_COMMENTS, syntheticProvince } from './province';

export interface SeedOptions {
  ratings: number;
  /** The ratings are spread over this many years, up to `now`. */
  years: number;
  now: number;
  /** The server's keys: the synthetic kiosks' secrets are sealed like any other (and known to nobody). */
  keys: SecretKeyRing;
  /** Progress lines (the command line prints them on stderr). */
  progress?: (line: string) => void;
}

export interface SeedSummary {
  units: number;
  counters: number;
  staff: number;
  ratings: number;
  /** Seconds spent inserting ratings, and rebuilding the rollups and statistics. */
  insertSeconds: number;
  rollupSeconds: number;
  ratingsPerSecond: number;
}

export const MAX_SYNTHETIC_RATINGS = 50_000_000;
/** Ratings per INSERT statement: a few seconds each, well within any statement timeout. */
const CHUNK = 100_000;
/** Weighted choice of an officer in SQL: a table of buckets, each officer holding buckets in proportion to their volume. */
const BUCKETS = 100_000;
const COMMENTS_PER_SCORE = 20;

async function insertInChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Units, counters, officers and one kiosk per counter; what exists already (an earlier seed) is kept. */
async function seedRoster(db: ServerDb, keys: SecretKeyRing, now: number, years: number) {
  const province = syntheticProvince();
  await insertInChunks(province.units, 500, (chunk) =>
    db.insertInto('units').values(chunk.map((u) => ({ id: u.id, name: u.name, level: u.level, parent_id: u.parentId }))).onConflict((oc) => oc.column('id').doNothing()).execute(),
  );
  await insertInChunks(province.counters, 500, (chunk) =>
    db.insertInto('counters').values(chunk.map((c) => ({ id: c.id, unit_id: c.unitId, name: c.name, desk_role: c.deskRole }))).onConflict((oc) => oc.column('id').doNothing()).execute(),
  );
  await insertInChunks(province.staff, 500, (chunk) =>
    db
      .insertInto('staff')
      .values(chunk.map((o) => ({ id: o.id, unit_id: o.unitId, full_name: o.fullName, name_key: searchKey(o.fullName), title: o.title, old_badge_hash: null, photo: null, active: true })))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute(),
  );
  const enrolledAt = now - years * 365 * 86_400_000;
  await insertInChunks(province.counters, 500, (chunk) =>
    db
      .insertInto('devices')
      .values(
        chunk.map((c) => ({
          id: `syn-kiosk-${c.id}`,
          ...sealUnknownSecret(keys, `syn-kiosk-${c.id}`),
          unit_id: c.unitId,
          counter_id: c.id,
          name: `Kiosk ${c.name}`,
          app_version: '0.1.0',
          enrolled_at: enrolledAt,
          revoked_at: null,
          last_seen_at: now,
          last_heartbeat_at: now,
          pending_count: 0,
          oldest_pending_age_ms: null,
          last_error: null,
          clock_offset_ms: 0,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute(),
  );
  return province;
}

/** One of the eight answers as JSON text: answered by about four citizens in ten, "yes" more often after a good score. */
function answerSql(): string {
  return `CASE WHEN random() < 0.4 THEN CASE WHEN random() < y.p_yes * (CASE y.score WHEN 3 THEN 1.0 WHEN 2 THEN 0.85 ELSE 0.45 END) THEN 'true' ELSE 'false' END ELSE 'null' END`;
}

export async function seedSynthetic(db: ServerDb, options: SeedOptions): Promise<SeedSummary> {
  const { ratings, years, now } = options;
  if (!Number.isInteger(ratings) || ratings < 1 || ratings > MAX_SYNTHETIC_RATINGS) throw new RangeError(`--ratings must be a whole number from 1 to ${MAX_SYNTHETIC_RATINGS}`);
  if (!Number.isInteger(years) || years < 1 || years > 20) throw new RangeError('--years must be a whole number from 1 to 20');
  const say = options.progress ?? (() => {});
  const province = await seedRoster(db, options.keys, now, years);
  say(`roster: ${province.units.length} units, ${province.counters.length} counters, ${province.staff.length} officers`);

  // Working days only: whole weeks from a Monday, Monday to Friday of each.
  const today = vietnamDayOf(now);
  const first = today - years * 365;
  const startMonday = first - ((((first + 3) % 7) + 7) % 7);
  const weeks = Math.ceil((today - startMonday + 1) / 7);
  const run = `syn-${now.toString(36)}-`;

  const started = Date.now();
  await db.connection().execute(async (conn: Kysely<ServerDatabase>) => {
    await sql`SET statement_timeout = 0`.execute(conn);
    try {
      await sql`SELECT setseed(0.2021)`.execute(conn);
      await sql`CREATE TEMP TABLE syn_slots (slot integer PRIMARY KEY, unit_id text, counter_id text, desk_role text, staff_id text, p_not float8, p_very float8, p_yes float8)`.execute(conn);
      await sql`CREATE TEMP TABLE syn_buckets (bucket integer PRIMARY KEY, slot integer)`.execute(conn);
      await sql`CREATE TEMP TABLE syn_comments (score integer, ord integer, text text, key text, PRIMARY KEY (score, ord))`.execute(conn);
      await insertInChunks(
        province.staff.map((o, slot) => ({ o, slot })),
        1000,
        (chunk) =>
          sql`INSERT INTO syn_slots VALUES ${sql.join(
            chunk.map(({ o, slot }) => {
              // Quality 1 gives about 1% "Không hài lòng" and 75% "Rất hài lòng"; quality 0.4 about 13% and 45%.
              const pNot = 0.01 + 0.25 * (1 - o.quality) ** 1.5;
              const pVery = 0.25 + 0.5 * o.quality;
              return sql`(${slot}, ${o.unitId}, ${o.counterId}, ${o.deskRole}, ${o.id}, ${pNot}, ${pVery}, ${0.75 + 0.25 * o.quality})`;
            }),
          )}`.execute(conn),
      );
      const totalWeight = province.staff.reduce((sum, o) => sum + o.weight, 0);
      const buckets: [number, number][] = [];
      for (let bucket = 0, slot = 0, reached = province.staff[0]!.weight; bucket < BUCKETS; bucket++) {
        const target = ((bucket + 0.5) / BUCKETS) * totalWeight;
        while (reached < target && slot < province.staff.length - 1) reached += province.staff[++slot]!.weight;
        buckets.push([bucket, slot]);
      }
      await insertInChunks(buckets, 5000, (chunk) => sql`INSERT INTO syn_buckets VALUES ${sql.join(chunk.map(([b, s]) => sql`(${b}, ${s})`))}`.execute(conn));
      const comments = ([1, 2, 3] as const).flatMap((score) => SYNTHETIC_COMMENTS[score].slice(0, COMMENTS_PER_SCORE).map((text, ord) => ({ score, ord, text })));
      await sql`INSERT INTO syn_comments VALUES ${sql.join(comments.map((c) => sql`(${c.score}, ${c.ord}, ${c.text}, ${commentSearchKey(c.text)})`))}`.execute(conn);
      await sql`ANALYZE syn_slots`.execute(conn);
      await sql`ANALYZE syn_buckets`.execute(conn);

      const criteria = sql.raw(`'{' || ${CRITERIA_KEYS.map((key) => `'"${key}":' || ${answerSql()}`).join(` || ',' || `)} || '}'`);
      for (let from = 1; from <= ratings; from += CHUNK) {
        const to = Math.min(ratings, from + CHUNK - 1);
        await sql`
          INSERT INTO ratings (id, device_id, seq, unit_id, counter_id, desk_role, staff_id, staff_session_id, created_at, clock_offset_ms,
            corrected_at, received_at, batch_id, scale, score, criteria, comment, comment_key, dossier_code, locale, duration_ms, app_version, content_hash)
          SELECT ${run} || n, 'syn-kiosk-' || counter_id, n, unit_id, counter_id, desk_role,
            CASE WHEN r_officer < 0.03 THEN NULL ELSE staff_id END, NULL, at, 0,
            at, at + 2000 + floor(r_received * 60000)::bigint, ${run} || 'b' || (n / 50), 'vn3', y.score, ${criteria},
            c.text, c.key, NULL, CASE WHEN r_locale < 0.005 THEN 'en' ELSE 'vi' END, 2000 + floor(random() * 25000)::integer, '0.1.0', 'synthetic'
          FROM (
            SELECT x.*,
              CASE WHEN x.planned_at > ${now}::bigint THEN x.planned_at - 604800000 ELSE x.planned_at END AS at,
              CASE WHEN x.r_score < x.p_not THEN 1 WHEN x.r_score < x.p_not + x.p_very THEN 3 ELSE 2 END AS score
            FROM (
              SELECT g.*, s.unit_id, s.counter_id, s.desk_role, s.staff_id, s.p_not, s.p_very, s.p_yes,
                (${startMonday}::bigint + floor(${weeks} * power(g.r_week, 0.8))::bigint * 7 + floor(g.r_weekday * 5)::bigint) * 86400000 - 25200000
                  + (CASE WHEN g.minute < 240 THEN 450 + g.minute ELSE 570 + g.minute END)::bigint * 60000
                  + floor(g.r_second * 60000)::bigint AS planned_at
              FROM (
                SELECT n, random() AS r_slot, random() AS r_week, random() AS r_weekday, floor(random() * 450)::integer AS minute,
                  random() AS r_second, random() AS r_score, random() AS r_officer, random() AS r_comment, random() AS r_pick,
                  random() AS r_received, random() AS r_locale
                FROM generate_series(${from}::bigint, ${to}::bigint) AS n
              ) AS g
              JOIN syn_buckets b ON b.bucket = floor(g.r_slot * ${BUCKETS})::integer
              JOIN syn_slots s ON s.slot = b.slot
            ) AS x
          ) AS y
          LEFT JOIN syn_comments c
            ON c.score = y.score AND c.ord = floor(y.r_pick * ${COMMENTS_PER_SCORE})::integer
            AND y.r_comment < (CASE y.score WHEN 1 THEN 0.4 WHEN 2 THEN 0.12 ELSE 0.08 END)`.execute(conn);
        const seconds = (Date.now() - started) / 1000;
        say(`ratings: ${to.toLocaleString('en')} of ${ratings.toLocaleString('en')} (${Math.round(to / seconds).toLocaleString('en')}/s)`);
      }
    } finally {
      await sql`DROP TABLE IF EXISTS syn_slots, syn_buckets, syn_comments`.execute(conn);
      await sql`RESET statement_timeout`.execute(conn);
    }
  });
  const insertSeconds = (Date.now() - started) / 1000;
  say('rebuilding the rollups…');
  const rollupStarted = Date.now();
  await rebuildRollups(db);
  // Fresh statistics for the planner, and the visibility map for index-only counts; ten million
  // ratings take longer than the pool's per-statement limit meant for requests.
  await db.connection().execute(async (conn) => {
    await sql`SET statement_timeout = 0`.execute(conn);
    try {
      for (const table of ['ratings', 'rating_rollup_days', 'rating_rollup_months', 'units', 'counters', 'staff']) await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(conn);
    } finally {
      await sql`RESET statement_timeout`.execute(conn);
    }
  });
  const rollupSeconds = (Date.now() - rollupStarted) / 1000;
  return {
    units: province.units.length,
    counters: province.counters.length,
    staff: province.staff.length,
    ratings,
    insertSeconds,
    rollupSeconds,
    ratingsPerSecond: Math.round(ratings / insertSeconds),
  };
}
