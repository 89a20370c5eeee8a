/**
 * The console's pages as URLs, both ways. A report page's path is its API path (the subject's
 * kind and id), and its query string carries the period and the desk-role filter under the
 * API's own names, so a drill-down link, a reload and a bookmark all keep what was chosen.
 */
import type { SubjectKind } from '../../../shared/console/api';
import type { RankingSubject } from '../../../shared/console/constants';
import type { DeskRole } from '../../../shared/rating';
import { periodParams, readPeriod, type Period } from '../periods/period-selection';

export interface ReportSubject {
  kind: SubjectKind;
  /** null for the province. */
  id: string | null;
}

export type Route =
  | { page: 'home' }
  | { page: 'sign-in' }
  | { page: 'report'; subject: ReportSubject }
  | { page: 'comments' }
  | { page: 'rankings' }
  | { page: 'monthly-reports' }
  | { page: 'updates' }
  | { page: 'accounts' }
  | { page: 'audit' }
  | { page: 'periods' }
  | { page: 'settings' }
  | { page: 'password' }
  | { page: 'fleet' }
  | { page: 'kiosk'; id: string }
  | { page: 'kiosk-settings' }
  | { page: 'enrolment' }
  | { page: 'review' }
  | { page: 'record-chains' }
  | { page: 'badges' }
  | { page: 'roster'; part: RosterPart }
  | { page: 'not-found' };

/** The roster's pages (docs/roster.md), under /roster/<part>. */
export const ROSTER_PARTS = ['staff', 'counters', 'units', 'import'] as const;
export type RosterPart = (typeof ROSTER_PARTS)[number];

const SEGMENT_OF: Record<Exclude<SubjectKind, 'province'>, string> = { unit: 'units', counter: 'counters', staff: 'staff' };
const KIND_OF: Record<string, Exclude<SubjectKind, 'province'>> = { units: 'unit', counters: 'counter', staff: 'staff' };
const SIMPLE_PAGES = new Set(['comments', 'rankings', 'monthly-reports', 'updates', 'accounts', 'audit', 'periods', 'settings', 'password', 'sign-in', 'badges', 'review']);

/** Paths that are a section, not a page: the section's first page (the menu's "Danh bạ" is /roster/staff). */
const SECTION_FIRST_PAGE: Record<string, string> = { '/roster': '/roster/staff' };

/** Where a section's path redirects to, or null when the path is a page of its own. */
export function redirectOf(pathname: string): string | null {
  return SECTION_FIRST_PAGE[pathname.replace(/\/+$/, '') || '/'] ?? null;
}

export function parseRoute(pathname: string): Route {
  const redirect = redirectOf(pathname);
  const path = (redirect ?? pathname).replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'home' };
  if (path === '/reports/province') return { page: 'report', subject: { kind: 'province', id: null } };
  const report = /^\/reports\/(units|counters|staff)\/([^/]+)$/.exec(path);
  if (report) {
    let id: string;
    try {
      id = decodeURIComponent(report[2]!);
    } catch {
      return { page: 'not-found' };
    }
    return { page: 'report', subject: { kind: KIND_OF[report[1]!]!, id } };
  }
  if (path === '/fleet') return { page: 'fleet' };
  const roster = /^\/roster\/(staff|counters|units|import)$/.exec(path);
  if (roster) return { page: 'roster', part: roster[1] as RosterPart };
  if (path === '/fleet/settings') return { page: 'kiosk-settings' };
  if (path === '/fleet/enrolment') return { page: 'enrolment' };
  if (path === '/integrity/chains') return { page: 'record-chains' };
  const kiosk = /^\/fleet\/kiosks\/([^/]+)$/.exec(path);
  if (kiosk) {
    try {
      return { page: 'kiosk', id: decodeURIComponent(kiosk[1]!) };
    } catch {
      return { page: 'not-found' };
    }
  }
  const name = path.slice(1);
  if (SIMPLE_PAGES.has(name)) return { page: name } as Route;
  return { page: 'not-found' };
}

/** The path of a subject's report: the same under `/` (the page) and under the API prefix (its data). */
export function reportPath(subject: ReportSubject): string {
  if (subject.kind === 'province' || subject.id === null) return '/reports/province';
  return `/reports/${SEGMENT_OF[subject.kind]}/${encodeURIComponent(subject.id)}`;
}

export interface ReportState {
  period: Period;
  deskRole: DeskRole | null;
}

export function readReportState(search: string, today: string): ReportState {
  const params = new URLSearchParams(search);
  const desk = params.get('deskRole');
  return { period: readPeriod(params, today), deskRole: desk === 'reception' || desk === 'results' ? desk : null };
}

export function reportQuery(state: ReportState): string {
  const params = new URLSearchParams(periodParams(state.period));
  if (state.deskRole) params.set('deskRole', state.deskRole);
  return params.toString();
}

export function reportHref(subject: ReportSubject, state: ReportState): string {
  return `${reportPath(subject)}?${reportQuery(state)}`;
}

/** The comments page's filters, as its URL keeps them. */
export interface CommentsState {
  period: Period;
  unit: string | null;
  staff: string | null;
  score: 1 | 2 | 3 | null;
  q: string;
  page: number;
}

/** The comments list's page size: one screen of a desk monitor, well under the API's limit. */
export const COMMENTS_PAGE_SIZE = 25;

export function readCommentsState(search: string, today: string): CommentsState {
  const params = new URLSearchParams(search);
  const score = Number(params.get('score'));
  const page = Number(params.get('page'));
  return {
    period: readPeriod(params, today),
    unit: params.get('unit') || null,
    staff: params.get('staff') || null,
    score: score === 1 || score === 2 || score === 3 ? score : null,
    q: (params.get('q') ?? '').slice(0, 100),
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** The query string of the comments page, which is also the API's (plus the page size). */
export function commentsQuery(state: CommentsState): string {
  const params = new URLSearchParams(periodParams(state.period));
  if (state.unit) params.set('unit', state.unit);
  if (state.staff) params.set('staff', state.staff);
  if (state.score) params.set('score', String(state.score));
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.page > 1) params.set('page', String(state.page));
  return params.toString();
}

export function commentsHref(state: CommentsState): string {
  return `/comments?${commentsQuery(state)}`;
}

export function kioskHref(id: string): string {
  return `/fleet/kiosks/${encodeURIComponent(id)}`;
}

/** The rankings page's choices, as its URL keeps them (and the API reads them). */
export interface RankingsState {
  period: Period;
  by: RankingSubject;
  /** Ranked within this unit and the units under it; null for the top of the user's scope. */
  unit: string | null;
  deskRole: DeskRole | null;
  /** Other than the province's settings, for this view only; null: the settings'. */
  minRatings: number | null;
  weight: number | null;
}

export function readRankingsState(search: string, today: string): RankingsState {
  const params = new URLSearchParams(search);
  const desk = params.get('deskRole');
  // Numbers as typed: the server says what is wrong with one (a minimum of 0, a negative weight).
  const number = (name: string) => {
    const text = params.get(name);
    return text === null || text.trim() === '' || !Number.isFinite(Number(text)) ? null : Number(text);
  };
  return {
    period: readPeriod(params, today),
    by: params.get('by') === 'unit' ? 'unit' : 'staff',
    unit: params.get('unit') || null,
    deskRole: desk === 'reception' || desk === 'results' ? desk : null,
    minRatings: number('minRatings'),
    weight: number('weight'),
  };
}

/** The query string of the rankings page, which is also the API's. */
export function rankingsQuery(state: RankingsState): string {
  const params = new URLSearchParams(periodParams(state.period));
  params.set('by', state.by);
  if (state.unit) params.set('unit', state.unit);
  if (state.deskRole) params.set('deskRole', state.deskRole);
  if (state.minRatings !== null) params.set('minRatings', String(state.minRatings));
  if (state.weight !== null) params.set('weight', String(state.weight));
  return params.toString();
}

export function rankingsHref(state: RankingsState): string {
  return `/rankings?${rankingsQuery(state)}`;
}
