/**
 * Alerts on what citizens say (docs/integrity.md "Alerts"), judged from the day rollups (what the
 * reports count) over a rolling window of whole Vietnam days ending today:
 * - `negative_share`: a counter's or an officer's share of "Không hài lòng" above the threshold,
 *   with at least the minimum number of ratings in the window; it ends when the share returns
 *   below the threshold;
 * - `sudden_drop`: the satisfaction rate in the window at least `dropPoints` below its own usual
 *   (the 90 days before the window, with the minimum number of ratings too); it ends when the
 *   rate is back within `dropPoints` of it.
 * With too few ratings in the window an alert neither opens nor ends. One open alert per kind and
 * subject (a unique index): it is not repeated while it lasts. Run after each round of the
 * gaming checks, and e-mailed once to the heads of the alert's unit (and of the units above it)
 * who gave an e-mail address for the monthly reports, when the province's relay is set.
 */
import { sql } from 'kysely';
import type { ConsoleUser } from '../../shared/console/api';
import type { SatisfactionAlert, SatisfactionAlertKind } from '../../shared/console/integrity';
import { vietnamDayOf } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';
import { UserScope } from '../console/scope';
import { DEFAULT_MAIL_TIMEOUTS, readRelay, sendThroughRelay, type MailTimeouts } from '../mail/relay';
import type { SecretKeyRing } from '../secret-keys';
import { readIntegritySettings } from './integrity-settings';

const USUAL_DAYS = 90;

interface Figures {
  ratings: number;
  notSatisfied: number;
  satisfied: number;
}

interface Subject {
  kind: 'counter' | 'staff';
  id: string;
  unitId: string;
  window: Figures;
  usual: Figures;
}

const pct = (part: number, whole: number) => (whole === 0 ? 0 : (100 * part) / whole);
const round1 = (value: number) => Math.round(value * 10) / 10;

async function subjects(db: ServerDb, windowFrom: number, today: number): Promise<Subject[]> {
  const rows = await sql<{ kind: 'counter' | 'staff'; id: string; in_window: boolean; ratings: number; not_satisfied: number; satisfied: number }>`
    SELECT 'counter' AS kind, counter_id AS id, day >= ${windowFrom} AS in_window,
      sum(ratings)::int AS ratings, sum(not_satisfied)::int AS not_satisfied, sum(very_satisfied + satisfied)::int AS satisfied
    FROM rating_rollup_days WHERE day BETWEEN ${windowFrom - USUAL_DAYS} AND ${today} GROUP BY 1, 2, 3
    UNION ALL
    SELECT 'staff', staff_id, day >= ${windowFrom},
      sum(ratings)::int, sum(not_satisfied)::int, sum(very_satisfied + satisfied)::int
    FROM rating_rollup_days WHERE staff_id <> '' AND day BETWEEN ${windowFrom - USUAL_DAYS} AND ${today} GROUP BY 1, 2, 3`.execute(db);
  const [counters, staff] = await Promise.all([
    db.selectFrom('counters').select(['id', 'unit_id']).execute(),
    db.selectFrom('staff').select(['id', 'unit_id']).execute(),
  ]);
  const unitOf = new Map<string, string>([...counters.map((c) => [`counter:${c.id}`, c.unit_id] as const), ...staff.map((s) => [`staff:${s.id}`, s.unit_id] as const)]);
  const found = new Map<string, Subject>();
  for (const row of rows.rows) {
    const key = `${row.kind}:${row.id}`;
    const unitId = unitOf.get(key);
    if (!unitId) continue;
    let subject = found.get(key);
    if (!subject) found.set(key, (subject = { kind: row.kind, id: row.id, unitId, window: { ratings: 0, notSatisfied: 0, satisfied: 0 }, usual: { ratings: 0, notSatisfied: 0, satisfied: 0 } }));
    const target = row.in_window ? subject.window : subject.usual;
    target.ratings += row.ratings;
    target.notSatisfied += row.not_satisfied;
    target.satisfied += row.satisfied;
  }
  return [...found.values()];
}

/** What each kind of alert says of a subject now: open it (with its figures), end it, or leave it as it is. */
function judge(subject: Subject, kind: SatisfactionAlertKind, settings: Awaited<ReturnType<typeof readIntegritySettings>>): { open: Record<string, number | null> } | 'end' | 'keep' {
  const { window, usual } = subject;
  if (window.ratings < settings.alertMinRatings) return 'keep';
  const notSatisfiedPct = pct(window.notSatisfied, window.ratings);
  const satisfactionPct = pct(window.satisfied, window.ratings);
  const figures = { ratings: window.ratings, notSatisfiedPct: round1(notSatisfiedPct), satisfactionPct: round1(satisfactionPct) };
  if (kind === 'negative_share') {
    if (notSatisfiedPct > settings.negativeSharePct) return { open: figures };
    return notSatisfiedPct < settings.negativeSharePct ? 'end' : 'keep';
  }
  if (usual.ratings < settings.alertMinRatings) return 'end';
  const usualPct = pct(usual.satisfied, usual.ratings);
  if (usualPct - satisfactionPct >= settings.dropPoints) return { open: { ...figures, usualSatisfactionPct: round1(usualPct) } };
  return 'end';
}

/** Opens the alerts the figures call for and ends those they no longer do; answers how many opened. */
export async function evaluateSatisfactionAlerts(db: ServerDb, now: number): Promise<number> {
  const settings = await readIntegritySettings(db);
  const today = vietnamDayOf(now);
  const all = await subjects(db, today - settings.alertWindowDays + 1, today);
  const open = await db.selectFrom('satisfaction_alerts').select(['id', 'kind', 'subject_kind', 'subject_id']).where('ended_at', 'is', null).execute();
  const openByKey = new Map(open.map((a) => [`${a.kind} ${a.subject_kind} ${a.subject_id}`, a.id]));
  const ending: number[] = [];
  let opened = 0;
  for (const subject of all) {
    for (const kind of ['negative_share', 'sudden_drop'] as const) {
      const key = `${kind} ${subject.kind} ${subject.id}`;
      const verdict = judge(subject, kind, settings);
      if (verdict === 'keep') continue;
      if (verdict === 'end') {
        if (openByKey.has(key)) ending.push(openByKey.get(key)!);
        continue;
      }
      if (openByKey.has(key)) continue;
      const inserted = await db
        .insertInto('satisfaction_alerts')
        .values({ kind, subject_kind: subject.kind, subject_id: subject.id, unit_id: subject.unitId, started_at: now, ended_at: null, detail: JSON.stringify(verdict.open), mailed_at: null, mail_error: null })
        // Another round opened it meanwhile: still one alert.
        .onConflict((oc) => oc.columns(['kind', 'subject_kind', 'subject_id']).where('ended_at', 'is', null).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) opened += 1;
    }
  }
  if (ending.length > 0) await db.updateTable('satisfaction_alerts').set({ ended_at: now }).where('id', 'in', ending).where('ended_at', 'is', null).execute();
  return opened;
}

function alertQuery(db: ServerDb) {
  return db
    .selectFrom('satisfaction_alerts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('counters as c', (join) => join.onRef('c.id', '=', 'a.subject_id').on('a.subject_kind', '=', 'counter'))
    .leftJoin('staff as s', (join) => join.onRef('s.id', '=', 'a.subject_id').on('a.subject_kind', '=', 'staff'))
    .selectAll('a')
    .select(['u.name as unit_name', sql<string>`coalesce(c.name, s.full_name, a.subject_id)`.as('subject_name')]);
}

function toAlert(row: Awaited<ReturnType<ReturnType<typeof alertQuery>['executeTakeFirstOrThrow']>>): SatisfactionAlert {
  return {
    id: Number(row.id),
    kind: row.kind,
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    subjectName: row.subject_name,
    unitId: row.unit_id,
    unitName: row.unit_name,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    detail: JSON.parse(row.detail) as SatisfactionAlert['detail'],
    mailedAt: row.mailed_at,
  };
}

/** The alerts of the user's scope open now, and those ended in the last day, newest first (the overview). */
export async function listSatisfactionAlerts(db: ServerDb, scope: UserScope, now: number): Promise<SatisfactionAlert[]> {
  let query = alertQuery(db).where((eb) => eb.or([eb('a.ended_at', 'is', null), eb('a.ended_at', '>', now - 86_400_000)]));
  if (!scope.isProvince) {
    const units = scope.visibleUnits().map((u) => u.id);
    query = units.length === 0 ? query.where(sql<boolean>`false`) : query.where('a.unit_id', 'in', units);
  }
  const rows = await query.orderBy(sql`a.ended_at IS NULL`, 'desc').orderBy('a.started_at', 'desc').orderBy('a.id', 'desc').limit(200).execute();
  return rows.map(toAlert);
}

const KIND_TEXT: Record<SatisfactionAlertKind, { vi: string; en: string }> = {
  negative_share: { vi: 'Tỷ lệ "Không hài lòng" cao', en: 'High share of "Not satisfied"' },
  sudden_drop: { vi: 'Mức độ hài lòng giảm đột ngột', en: 'Sudden drop in satisfaction' },
};

export function satisfactionAlertMessage(alerts: SatisfactionAlert[]): { subject: string; text: string } {
  const line = (a: SatisfactionAlert, language: 'vi' | 'en') =>
    `- ${a.subjectName} (${a.unitName}): ${KIND_TEXT[a.kind][language]} — ${a.detail.notSatisfiedPct}% ${language === 'vi' ? 'không hài lòng' : 'not satisfied'}, ${a.detail.satisfactionPct}% ${language === 'vi' ? 'hài lòng' : 'satisfied'}, ${a.detail.ratings} ${language === 'vi' ? 'đánh giá' : 'ratings'}`;
  return {
    subject: `[Nụ cười] ${alerts.length} cảnh báo về ý kiến người dân / ${alerts.length} alert(s) on what citizens say`,
    text: [
      'Ý kiến người dân tại các quầy, cán bộ sau cần được quan tâm:',
      ...alerts.map((a) => line(a, 'vi')),
      '',
      'Cảnh báo tự kết thúc khi tỷ lệ trở lại dưới ngưỡng. Xem trang Tổng quan của bảng điều khiển.',
      '',
      '---',
      'What citizens say at these counters and of these officers needs attention:',
      ...alerts.map((a) => line(a, 'en')),
      '',
      'An alert ends by itself when the share returns below the threshold. See the console’s Overview.',
    ].join('\n'),
  };
}

/**
 * E-mails the open alerts not mailed yet to the unit heads whose scope holds them and who gave an
 * address (report_subscriptions), one message per head. Every alert is then marked mailed (or
 * with the relay's error), so it is never sent twice; without a relay or the setting, they stay
 * on the console.
 */
export async function mailNewSatisfactionAlerts(db: ServerDb, keys: SecretKeyRing, now: number, timeouts: MailTimeouts = DEFAULT_MAIL_TIMEOUTS): Promise<{ mailed: number; error: string | null }> {
  const settings = await readIntegritySettings(db);
  const relay = await readRelay(db, keys);
  if (!settings.mailUnitHeads || !relay) return { mailed: 0, error: null };
  const pending = (await alertQuery(db).where('a.ended_at', 'is', null).where('a.mailed_at', 'is', null).where('a.mail_error', 'is', null).orderBy('a.id').limit(500).execute()).map(toAlert);
  if (pending.length === 0) return { mailed: 0, error: null };
  const heads = await db
    .selectFrom('console_users as u')
    .innerJoin('report_subscriptions as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.login', 'u.display_name', 'u.role', 'u.unit_id', 'u.locale', 'u.may_see_personal_data', 'r.email'])
    .where('u.role', '=', 'unit_head')
    .where('u.disabled_at', 'is', null)
    .execute();
  let error: string | null = null;
  let mailed = 0;
  for (const head of heads) {
    const scope = await UserScope.of(db, { id: head.id, login: head.login, role: head.role, unitId: head.unit_id } as ConsoleUser);
    const theirs = pending.filter((a) => scope.includes(a.unitId));
    if (theirs.length === 0) continue;
    try {
      await sendThroughRelay(relay, { to: head.email, ...satisfactionAlertMessage(theirs), attachments: [] }, timeouts);
      mailed += 1;
    } catch (failure) {
      error = (failure instanceof Error ? failure.message : String(failure)).split('\n')[0]!.slice(0, 300);
    }
  }
  const ids = pending.map((a) => a.id);
  await db.updateTable('satisfaction_alerts').set(error ? { mail_error: error } : { mailed_at: now }).where('id', 'in', ids).execute();
  return { mailed, error };
}
