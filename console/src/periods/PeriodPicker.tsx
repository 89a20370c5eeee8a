import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/session';
import { periodDays, periodLabel } from './period-label';
import {
  PERIOD_KINDS,
  campaignOf,
  campaignPeriod,
  canStepForward,
  changeKind,
  periodHolding,
  rangeFrom,
  stepPeriod,
  type Period,
  type PeriodKind,
} from './period-selection';

/**
 * The report period: its kind, the period itself (a day, a month, a year, two days, a campaign),
 * and a step to the previous or next one. Every change is a new URL (the page calls `onChange`).
 */
export function PeriodPicker({ period, onChange }: { period: Period; onChange: (period: Period) => void }) {
  const { t } = useTranslation();
  const { periods } = useSession();
  const id = useId();
  const label = periodLabel(period, t, periods.campaigns);
  return (
    <fieldset className="period-picker">
      <legend>{t('periods.legend')}</legend>
      <div className="period-row">
        <label htmlFor={`${id}-kind`}>{t('periods.kind')}</label>
        <select id={`${id}-kind`} value={period.kind} onChange={(e) => onChange(changeKind(period, e.target.value as PeriodKind, periods.today, periods.campaigns))}>
          {PERIOD_KINDS.filter((kind) => kind !== 'campaign' || periods.campaigns.length > 0).map((kind) => (
            <option key={kind} value={kind}>
              {t(`periods.kinds.${kind}`)}
            </option>
          ))}
        </select>
        <PeriodChooser key={`${period.kind}:${period.from}:${period.to}`} period={period} onChange={onChange} id={id} />
      </div>
      <div className="period-row">
        <button type="button" className="step" onClick={() => onChange(stepPeriod(period, -1))} data-testid="period-previous">
          <span aria-hidden="true">‹ </span>
          {t('periods.previous')}
        </button>
        <output className="period-current" htmlFor={`${id}-kind`} aria-live="polite" data-testid="period-label">
          <strong>{label}</strong>
          {label !== periodDays(period, t) && <span className="period-days">{periodDays(period, t)}</span>}
        </output>
        <button type="button" className="step" onClick={() => onChange(stepPeriod(period, 1))} disabled={!canStepForward(period, periods.today)} data-testid="period-next">
          {t('periods.next')}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
    </fieldset>
  );
}

/** The control that fits the kind: a date, a month, a quarter of a year, a year, two dates, a campaign. */
function PeriodChooser({ period, onChange, id }: { period: Period; onChange: (period: Period) => void; id: string }) {
  const { t } = useTranslation();
  const { periods } = useSession();
  const year = Number(period.from.slice(0, 4));
  const years = periods.years.includes(year) ? periods.years : [...periods.years, year].sort((a, b) => b - a);
  switch (period.kind) {
    case 'day':
    case 'week':
      return (
        <>
          <label htmlFor={`${id}-day`}>{t(period.kind === 'day' ? 'periods.day' : 'periods.dayInWeek')}</label>
          <input
            id={`${id}-day`}
            type="date"
            value={period.from}
            max={periods.today}
            onChange={(e) => e.target.value && onChange(periodHolding(period.kind === 'day' ? 'day' : 'week', e.target.value))}
          />
        </>
      );
    case 'month':
      return (
        <>
          <label htmlFor={`${id}-month`}>{t('periods.month')}</label>
          <input
            id={`${id}-month`}
            type="month"
            value={period.from.slice(0, 7)}
            max={periods.today.slice(0, 7)}
            onChange={(e) => /^\d{4}-\d{2}$/.test(e.target.value) && onChange(periodHolding('month', `${e.target.value}-01`))}
          />
        </>
      );
    case 'quarter': {
      const quarter = Math.floor((Number(period.from.slice(5, 7)) - 1) / 3) + 1;
      const pick = (q: number, y: number) => onChange(periodHolding('quarter', `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`));
      return (
        <>
          <label htmlFor={`${id}-quarter`}>{t('periods.quarter')}</label>
          <select id={`${id}-quarter`} value={quarter} onChange={(e) => pick(Number(e.target.value), year)}>
            {[1, 2, 3, 4].map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-year`}>{t('periods.year')}</label>
          <YearSelect id={`${id}-year`} years={years} value={year} onChange={(y) => pick(quarter, y)} />
        </>
      );
    }
    case 'year':
      return (
        <>
          <label htmlFor={`${id}-year`}>{t('periods.year')}</label>
          <YearSelect id={`${id}-year`} years={years} value={year} onChange={(y) => onChange(periodHolding('year', `${y}-01-01`))} />
        </>
      );
    case 'range':
      return <RangeChooser period={period} onChange={onChange} id={id} />;
    case 'campaign': {
      const current = campaignOf(period, periods.campaigns);
      return (
        <>
          <label htmlFor={`${id}-campaign`}>{t('periods.campaign')}</label>
          <select
            id={`${id}-campaign`}
            value={current?.id ?? ''}
            onChange={(e) => {
              const chosen = periods.campaigns.find((c) => c.id === e.target.value);
              if (chosen) onChange(campaignPeriod(chosen));
            }}
          >
            {!current && <option value="">{periodLabel(period, t, [])}</option>}
            {periods.campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </>
      );
    }
  }
}

function YearSelect({ id, years, value, onChange }: { id: string; years: number[]; value: number; onChange: (year: number) => void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {years.map((y) => (
        <option key={y} value={y}>
          {y}
        </option>
      ))}
    </select>
  );
}

/** Two days and an Apply button: a range is applied whole, not after each keystroke of a date. */
function RangeChooser({ period, onChange, id }: { period: Period; onChange: (period: Period) => void; id: string }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [problem, setProblem] = useState<string | null>(null);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const checked = rangeFrom(from, to);
    if (checked.ok) {
      setProblem(null);
      onChange(checked.period);
    } else setProblem(checked.problem);
  };
  return (
    <>
      <label htmlFor={`${id}-from`}>{t('periods.from')}</label>
      <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby={problem ? `${id}-problem` : undefined} />
      <label htmlFor={`${id}-to`}>{t('periods.to')}</label>
      <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby={problem ? `${id}-problem` : undefined} />
      <button type="button" onClick={apply}>
        {t('periods.apply')}
      </button>
      {problem && (
        <span className="field-error" id={`${id}-problem`} role="alert">
          {t(`periods.problems.${problem}`)}
        </span>
      )}
    </>
  );
}
