import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitNode } from '../../../../shared/console/api';
import type { Ranking } from '../../../../shared/console/rankings';
import { exportHref } from '../../api/client';
import { useApiData } from '../../api/use-api';
import { ExportMenu } from '../../components/ExportMenu';
import { ErrorNotice, Loading } from '../../components/Notices';
import { PageHeading } from '../../components/PageHeading';
import { ScopeViews } from '../../components/ScopeViews';
import { Count, Percent } from '../../components/Figures';
import { PeriodPicker } from '../../periods/PeriodPicker';
import { navigate, useLocation } from '../../routing/router';
import { rankingsHref, rankingsQuery, readRankingsState, type RankingsState } from '../../routing/routes';
import { useSession } from '../../session/session';
import { DeskRoleFilter } from '../report/DeskRoleFilter';
import { unitsInTreeOrder } from '../unit-tree';
import { RankingParameters } from './RankingParameters';
import { RankingTable } from './RankingTable';

/** How many are shown at each end when the ranking is long; the whole list stays one click away. */
const ENDS = 10;

/**
 * The fair ranking for rewards (province and unit heads): officers or units of the scope ordered
 * by the Bayesian score, with count, rate and 95% interval; those under the minimum apart. The
 * period, what is ranked, the unit, the desk and any other minimum or weight live in the URL.
 */
export function RankingsPage() {
  const { t } = useTranslation();
  const { api, periods, user } = useSession();
  const { search } = useLocation();
  const state = readRankingsState(search, periods.today);
  const query = rankingsQuery(state);
  const ranking = useApiData(`rankings?${query}`, (signal) => api.ranking(query, signal));
  const units = useApiData('units', (signal) => api.units(signal));
  const change = (next: Partial<RankingsState>) => navigate(rankingsHref({ ...state, ...next }));
  const scopeUnit = state.unit ?? (user.role === 'unit_head' ? user.unitId : null);

  return (
    <div className="rankings-page" data-testid="rankings-page">
      <PageHeading title={t('rankings.title')}>
        {ranking.state === 'ready' && <span className="subject-detail">{ranking.data.unit?.name ?? t('shell.wholeProvince')}</span>}
      </PageHeading>
      <ScopeViews subject={scopeUnit ? { kind: 'unit', id: scopeUnit } : { kind: 'province', id: null }} period={state.period} current="rankings" />
      <div className="toolbar">
        <PeriodPicker period={state.period} onChange={(period) => change({ period })} />
        <RankingChoices state={state} units={units.state === 'ready' ? units.data : []} onChange={change} />
        <DeskRoleFilter value={state.deskRole} onChange={(deskRole) => change({ deskRole })} />
        <ExportMenu
          links={[
            { label: t('exports.rankingWorkbook'), href: exportHref('/rankings', query, 'xlsx'), testId: 'export-xlsx' },
            { label: t('exports.rankingCsv'), href: exportHref('/rankings', query, 'csv'), testId: 'export-csv' },
          ]}
        />
      </div>
      {ranking.state === 'loading' && <Loading />}
      {ranking.state === 'failed' && (
        <>
          <ErrorNotice error={ranking.error} />
          {(state.minRatings !== null || state.weight !== null) && (
            <button type="button" onClick={() => change({ minRatings: null, weight: null })} data-testid="parameters-reset">
              {t('rankings.parameters.reset')}
            </button>
          )}
        </>
      )}
      {ranking.state === 'ready' && <RankingBody ranking={ranking.data} state={state} onChange={change} reload={ranking.reload} />}
    </div>
  );
}

/** What is ranked (officers or units) and within which unit. */
function RankingChoices({ state, units, onChange }: { state: RankingsState; units: UnitNode[]; onChange: (next: Partial<RankingsState>) => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const id = useId();
  const province = user.role !== 'unit_head';
  return (
    <fieldset className="ranking-choices">
      <legend>{t('rankings.choices')}</legend>
      <div className="segmented" role="radiogroup" aria-label={t('rankings.by.legend')}>
        {(['staff', 'unit'] as const).map((by) => (
          <label key={by}>
            <input type="radio" name={`${id}-by`} value={by} checked={state.by === by} onChange={() => onChange({ by })} />
            <span>{t(`rankings.by.${by}`)}</span>
          </label>
        ))}
      </div>
      <div className="field">
        <label htmlFor={`${id}-unit`}>{t('rankings.unit')}</label>
        <select id={`${id}-unit`} value={state.unit ?? ''} onChange={(e) => onChange({ unit: e.target.value || null })}>
          {province ? <option value="">{t('shell.wholeProvince')}</option> : <option value="">{user.unitName ?? ''}</option>}
          {unitsInTreeOrder(units)
            .filter(({ unit }) => province || unit.id !== user.unitId)
            .map(({ unit, depth }) => (
              <option key={unit.id} value={unit.id}>
                {'\u00a0\u00a0'.repeat(depth)}
                {unit.name}
              </option>
            ))}
        </select>
      </div>
    </fieldset>
  );
}

function RankingBody({ ranking, state, onChange, reload }: { ranking: Ranking; state: RankingsState; onChange: (next: Partial<RankingsState>) => void; reload: () => void }) {
  const { t } = useTranslation();
  const { ranked, notEnough } = ranking;
  const long = ranked.length > 2 * ENDS;
  return (
    <>
      <RankingParameters key={`${state.minRatings}:${state.weight}`} ranking={ranking} state={state} onChange={onChange} reload={reload} />
      {ranked.length === 0 && <p className="notice">{t('rankings.noneRanked', { minimum: ranking.parameters.minRatings })}</p>}
      {ranked.length > 0 && !long && <RankingTable ranking={ranking} rows={ranked} state={state} heading={t('rankings.all.heading')} caption={t('rankings.all.caption')} testId="ranking-all" />}
      {long && (
        <>
          <div className="report-grid">
            <RankingTable ranking={ranking} rows={ranked.slice(0, ENDS)} state={state} heading={t('rankings.top.heading', { number: ENDS })} caption={t('rankings.top.caption', { number: ENDS })} testId="ranking-top" />
            <RankingTable ranking={ranking} rows={ranked.slice(-ENDS)} state={state} heading={t('rankings.bottom.heading', { number: ENDS })} caption={t('rankings.bottom.caption', { number: ENDS })} testId="ranking-bottom" />
          </div>
          <details className="panel folded" data-testid="ranking-all-folded">
            <summary>{t('rankings.all.show', { number: ranked.length })}</summary>
            <RankingTable ranking={ranking} rows={ranked} state={state} heading={null} caption={t('rankings.all.caption')} testId="ranking-all" />
          </details>
        </>
      )}
      {notEnough.length > 0 && (
        <section aria-labelledby="not-enough-heading" className="panel">
          <h2 id="not-enough-heading">{t('rankings.notEnough.heading')}</h2>
          <p className="hint">{t('rankings.notEnough.note', { minimum: ranking.parameters.minRatings })}</p>
          <details data-testid="not-enough">
            <summary>
              {t('rankings.notEnough.show', { number: notEnough.length })}
            </summary>
            <table className="data">
              <caption className="visually-hidden">{t('rankings.notEnough.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`rankings.columns.${ranking.by}`)}</th>
                  <th scope="col" className="num">
                    {t('report.columns.ratings')}
                  </th>
                  <th scope="col" className="num">
                    {t('report.columns.satisfaction')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {notEnough.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">
                      {row.name}
                      {ranking.by === 'staff' && <span className="row-detail">{row.unitName}</span>}
                    </th>
                    <td className="num">
                      <Count value={row.counts.ratings} />
                    </td>
                    <td className="num">
                      <Percent value={row.counts.satisfactionPct} tooFew={row.counts.tooFew} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </section>
      )}
    </>
  );
}
