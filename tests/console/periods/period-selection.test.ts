import { describe, expect, it } from 'vitest';
import {
  canStepForward,
  changeKind,
  defaultPeriod,
  periodHolding,
  periodParams,
  rangeFrom,
  readPeriod,
  stepPeriod,
  type Period,
} from '../../../console/src/periods/period-selection';

const TODAY = '2026-11-21';
const CAMPAIGNS = [
  { id: 'c1', name: 'Sơ kết 2021–2022', from: '2021-04-28', to: '2022-12-31' },
  { id: 'c2', name: 'Tổng kết 2021–2025', from: '2021-04-28', to: '2025-12-31' },
];
const params = (query: string) => new URLSearchParams(query);

describe('the period a console URL names', () => {
  it('without a period, a page shows this year so far', () => {
    expect(readPeriod(params(''), TODAY)).toEqual({ kind: 'year', from: '2026-01-01', to: '2026-12-31' });
    expect(defaultPeriod('2027-01-01')).toEqual({ kind: 'year', from: '2027-01-01', to: '2027-12-31' });
  });

  it('a month, a week, a campaign and a range are read back as written', () => {
    for (const period of [
      { kind: 'month', from: '2026-02-01', to: '2026-02-28' },
      { kind: 'week', from: '2026-11-16', to: '2026-11-22' },
      { kind: 'campaign', from: '2021-04-28', to: '2025-12-31' },
      { kind: 'range', from: '2025-03-15', to: '2025-09-02' },
    ] satisfies Period[]) {
      expect(readPeriod(new URLSearchParams(periodParams(period)), TODAY)).toEqual(period);
    }
  });

  it('a calendar kind whose days are not that calendar period is read as the range it spells', () => {
    expect(readPeriod(params('from=2026-02-03&to=2026-02-28&kind=month'), TODAY)).toEqual({ kind: 'range', from: '2026-02-03', to: '2026-02-28' });
    expect(readPeriod(params('from=2026-02-01&to=2026-02-28&kind=fortnight'), TODAY)).toEqual({ kind: 'range', from: '2026-02-01', to: '2026-02-28' });
  });

  it('a period the server would refuse falls back to the default instead of an error page', () => {
    for (const query of ['from=2026-02-30&to=2026-03-01', 'from=2026-05-01&to=2026-04-01', 'from=2000-01-01&to=2026-01-01', 'from=x&to=y', "from=2026-01-01'--&to=2026-01-02"]) {
      expect(readPeriod(params(query), TODAY), query).toEqual(defaultPeriod(TODAY));
    }
  });
});

describe('stepping to the previous or next period', () => {
  it('steps by the calendar kind, across year ends and short months', () => {
    expect(stepPeriod({ kind: 'month', from: '2026-01-01', to: '2026-01-31' }, -1)).toEqual({ kind: 'month', from: '2025-12-01', to: '2025-12-31' });
    expect(stepPeriod({ kind: 'month', from: '2026-01-01', to: '2026-01-31' }, 1)).toEqual({ kind: 'month', from: '2026-02-01', to: '2026-02-28' });
    expect(stepPeriod({ kind: 'quarter', from: '2026-01-01', to: '2026-03-31' }, -1)).toEqual({ kind: 'quarter', from: '2025-10-01', to: '2025-12-31' });
    expect(stepPeriod({ kind: 'week', from: '2026-12-28', to: '2027-01-03' }, 1)).toEqual({ kind: 'week', from: '2027-01-04', to: '2027-01-10' });
    expect(stepPeriod({ kind: 'day', from: '2024-02-29', to: '2024-02-29' }, 1)).toEqual({ kind: 'day', from: '2024-03-01', to: '2024-03-01' });
  });

  it('a range or a campaign steps by its own length', () => {
    expect(stepPeriod({ kind: 'range', from: '2026-03-01', to: '2026-03-10' }, -1)).toEqual({ kind: 'range', from: '2026-02-19', to: '2026-02-28' });
    expect(stepPeriod({ kind: 'campaign', from: '2021-04-28', to: '2022-12-31' }, 1)).toEqual({ kind: 'range', from: '2023-01-01', to: '2024-09-04' });
  });

  it('there is no stepping past today', () => {
    expect(canStepForward({ kind: 'year', from: '2026-01-01', to: '2026-12-31' }, TODAY)).toBe(false);
    expect(canStepForward({ kind: 'month', from: '2026-10-01', to: '2026-10-31' }, TODAY)).toBe(true);
    expect(canStepForward({ kind: 'day', from: '2026-11-20', to: '2026-11-20' }, TODAY)).toBe(true);
    expect(canStepForward({ kind: 'day', from: '2026-11-21', to: '2026-11-21' }, TODAY)).toBe(false);
  });
});

describe('switching the kind of period', () => {
  it('a calendar kind takes the period around today when the current one holds today, else around its last day', () => {
    expect(changeKind({ kind: 'year', from: '2026-01-01', to: '2026-12-31' }, 'month', TODAY, CAMPAIGNS)).toEqual({ kind: 'month', from: '2026-11-01', to: '2026-11-30' });
    expect(changeKind({ kind: 'year', from: '2025-01-01', to: '2025-12-31' }, 'quarter', TODAY, CAMPAIGNS)).toEqual({ kind: 'quarter', from: '2025-10-01', to: '2025-12-31' });
    expect(changeKind({ kind: 'month', from: '2026-02-01', to: '2026-02-28' }, 'year', TODAY, CAMPAIGNS)).toEqual({ kind: 'year', from: '2026-01-01', to: '2026-12-31' });
  });

  it('a range keeps the same days; a campaign is the one that holds them, or the first', () => {
    expect(changeKind({ kind: 'month', from: '2026-02-01', to: '2026-02-28' }, 'range', TODAY, CAMPAIGNS)).toEqual({ kind: 'range', from: '2026-02-01', to: '2026-02-28' });
    expect(changeKind({ kind: 'year', from: '2022-01-01', to: '2022-12-31' }, 'campaign', TODAY, CAMPAIGNS)).toEqual({ kind: 'campaign', from: '2021-04-28', to: '2022-12-31' });
    expect(changeKind({ kind: 'year', from: '2026-01-01', to: '2026-12-31' }, 'campaign', TODAY, CAMPAIGNS)).toEqual({ kind: 'campaign', from: '2021-04-28', to: '2022-12-31' });
    const year: Period = { kind: 'year', from: '2026-01-01', to: '2026-12-31' };
    expect(changeKind(year, 'campaign', TODAY, [])).toBe(year);
  });

  it('a picked day gives the calendar period that holds it', () => {
    expect(periodHolding('week', '2026-11-21')).toEqual({ kind: 'week', from: '2026-11-16', to: '2026-11-22' });
    expect(periodHolding('quarter', '2026-05-01')).toEqual({ kind: 'quarter', from: '2026-04-01', to: '2026-06-30' });
  });

  it('a typed range is checked as the server checks it', () => {
    expect(rangeFrom('2026-01-01', '2026-03-31')).toEqual({ ok: true, period: { kind: 'range', from: '2026-01-01', to: '2026-03-31' } });
    expect(rangeFrom('2026-03-31', '2026-01-01')).toEqual({ ok: false, problem: 'to_before_from' });
    expect(rangeFrom('2023-02-29', '2023-03-01')).toEqual({ ok: false, problem: 'invalid_date' });
    expect(rangeFrom('', '')).toEqual({ ok: false, problem: 'invalid_date' });
    expect(rangeFrom('2001-01-01', '2025-01-01')).toEqual({ ok: false, problem: 'too_long' });
  });
});
