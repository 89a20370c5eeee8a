import { describe, expect, it } from 'vitest';
import {
  commentsHref,
  commentsQuery,
  parseRoute,
  redirectOf,
  readCommentsState,
  readReportState,
  reportHref,
  reportPath,
  type ReportState,
} from '../../../console/src/routing/routes';

const TODAY = '2026-11-21';
const MONTH: ReportState = { period: { kind: 'month', from: '2026-10-01', to: '2026-10-31' }, deskRole: null };

describe('the console’s URLs', () => {
  it('each page has its path, and an unknown path is a page of its own', () => {
    expect(parseRoute('/')).toEqual({ page: 'home' });
    expect(parseRoute('/reports/province')).toEqual({ page: 'report', subject: { kind: 'province', id: null } });
    expect(parseRoute('/reports/units/bg-ln-motcua')).toEqual({ page: 'report', subject: { kind: 'unit', id: 'bg-ln-motcua' } });
    expect(parseRoute('/reports/counters/ln-q01/')).toEqual({ page: 'report', subject: { kind: 'counter', id: 'ln-q01' } });
    expect(parseRoute('/reports/staff/st.0101')).toEqual({ page: 'report', subject: { kind: 'staff', id: 'st.0101' } });
    expect(parseRoute('/integrity/chains')).toEqual({ page: 'record-chains' });
    expect(parseRoute('/comments')).toEqual({ page: 'comments' });
    expect(parseRoute('/accounts')).toEqual({ page: 'accounts' });
    expect(parseRoute('/review')).toEqual({ page: 'review' });
    expect(parseRoute('/roster/import')).toEqual({ page: 'roster', part: 'import' });
    expect(parseRoute('/roster/nothing')).toEqual({ page: 'not-found' });
  });

  it('/roster opens the roster: its first page, the address redirected there', () => {
    expect(parseRoute('/roster')).toEqual({ page: 'roster', part: 'staff' });
    expect(parseRoute('/roster/')).toEqual({ page: 'roster', part: 'staff' });
    expect(redirectOf('/roster')).toBe('/roster/staff');
    expect(redirectOf('/roster/staff')).toBeNull();
    expect(redirectOf('/review')).toBeNull();
    expect(parseRoute('/reports/units')).toEqual({ page: 'not-found' });
    expect(parseRoute('/reports/units/a/b')).toEqual({ page: 'not-found' });
    expect(parseRoute('/reports/units/%E0%A4%A')).toEqual({ page: 'not-found' });
    expect(parseRoute('/constructor')).toEqual({ page: 'not-found' });
  });

  it('a report page’s path is its API path, with the id escaped both ways', () => {
    expect(reportPath({ kind: 'province', id: null })).toBe('/reports/province');
    expect(reportPath({ kind: 'unit', id: 'a/b?c' })).toBe('/reports/units/a%2Fb%3Fc');
    expect(parseRoute(reportPath({ kind: 'staff', id: 'a/b?c' }))).toEqual({ page: 'report', subject: { kind: 'staff', id: 'a/b?c' } });
  });

  it('a drill-down link keeps the period and the desk filter, and reading it back gives the same state', () => {
    const state: ReportState = { ...MONTH, deskRole: 'results' };
    const href = reportHref({ kind: 'counter', id: 'ln-q05' }, state);
    expect(href).toBe('/reports/counters/ln-q05?from=2026-10-01&to=2026-10-31&kind=month&deskRole=results');
    expect(readReportState(href.slice(href.indexOf('?')), TODAY)).toEqual(state);
    expect(readReportState('?from=2026-10-01&to=2026-10-31&kind=month&deskRole=kitchen', TODAY)).toEqual(MONTH);
  });

  it('the comments page keeps its filters in the URL under the API’s names, and refuses nonsense quietly', () => {
    const state = { period: MONTH.period, unit: 'bg-ln-motcua', staff: 'st-010201', score: 1 as const, q: ' cán bộ ', page: 3 };
    expect(commentsQuery(state)).toBe('from=2026-10-01&to=2026-10-31&kind=month&unit=bg-ln-motcua&staff=st-010201&score=1&q=c%C3%A1n+b%E1%BB%99&page=3');
    const href = commentsHref(state);
    expect(readCommentsState(href.slice(href.indexOf('?')), TODAY)).toEqual({ ...state, q: 'cán bộ' });
    expect(readCommentsState('?score=7&page=-2&q=' + 'x'.repeat(500), TODAY)).toMatchObject({ score: null, page: 1, q: 'x'.repeat(100) });
  });
});
