import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitNode } from '../../../shared/console/api';
import { useApiData } from '../api/use-api';
import { ErrorNotice, Loading } from '../components/Notices';
import { PageHeading } from '../components/PageHeading';
import { Pager } from '../components/Pager';
import { formatCount, formatDateTime, languageOf } from '../format/numbers';
import { PeriodPicker } from '../periods/PeriodPicker';
import { navigate, useLocation } from '../routing/router';
import { COMMENTS_PAGE_SIZE, commentsHref, commentsQuery, readCommentsState, reportPath, type CommentsState } from '../routing/routes';
import { useSession } from '../session/session';
import { unitsInTreeOrder } from './unit-tree';

/**
 * Citizens' comments for the scope and period (province and unit-head roles only: the server
 * refuses the others): filters by unit, officer and score, a search that ignores tones and case,
 * paging, and a marker where personal data was hidden. Every page viewed is audited by the server.
 */
export function CommentsPage() {
  const { t, i18n } = useTranslation();
  const { api, periods } = useSession();
  const { search } = useLocation();
  const state = readCommentsState(search, periods.today);
  const query = `${commentsQuery(state)}&pageSize=${COMMENTS_PAGE_SIZE}`;
  const comments = useApiData(`comments?${query}`, (signal) => api.comments(query, signal));
  const units = useApiData('units', (signal) => api.units(signal));
  const change = (next: Partial<CommentsState>) => navigate(commentsHref({ ...state, page: 1, ...next }));
  const language = languageOf(i18n.language);

  return (
    <div className="comments-page">
      <PageHeading title={t('comments.title')} />
      <div className="toolbar">
        <PeriodPicker period={state.period} onChange={(period) => change({ period })} />
        <CommentFilters key={state.q} state={state} units={units.state === 'ready' ? units.data : []} onChange={change} />
      </div>
      {comments.state === 'loading' && <Loading />}
      {comments.state === 'failed' && <ErrorNotice error={comments.error} />}
      {comments.state === 'ready' && (
        <>
          <table className="data comments" data-testid="comments-table">
            <caption>{t('comments.caption', { total: formatCount(comments.data.total, language) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('comments.columns.at')}</th>
                <th scope="col">{t('comments.columns.score')}</th>
                <th scope="col">{t('comments.columns.where')}</th>
                <th scope="col">{t('comments.columns.officer')}</th>
                <th scope="col">{t('comments.columns.text')}</th>
              </tr>
            </thead>
            <tbody>
              {comments.data.items.length === 0 && (
                <tr>
                  <td colSpan={5}>{t('comments.none')}</td>
                </tr>
              )}
              {comments.data.items.map((comment) => (
                <tr key={comment.id} data-testid="comment-row">
                  <td className="nowrap">{formatDateTime(comment.at)}</td>
                  <td>
                    <span className={`score score-${comment.score}`}>{t(`scale.vn3.${comment.score}`)}</span>
                  </td>
                  <td>
                    <span className="cell-main">{comment.unitName}</span>
                    <span className="row-detail">{comment.counterName}</span>
                  </td>
                  <td>{comment.staffName ?? <span className="muted">{t('comments.noOfficer')}</span>}</td>
                  <td className="comment-text">
                    <span lang="vi">{comment.text}</span>
                    {comment.masked > 0 && (
                      <span className="masked-marker" data-testid="masked-marker">
                        {t('comments.masked', { hidden: comment.masked })}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            page={comments.data.page}
            pageSize={comments.data.pageSize}
            total={comments.data.total}
            label={t('comments.paging')}
            onPage={(page) => navigate(commentsHref({ ...state, page }))}
          />
        </>
      )}
    </div>
  );
}

function CommentFilters({ state, units, onChange }: { state: CommentsState; units: UnitNode[]; onChange: (next: Partial<CommentsState>) => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const [text, setText] = useState(state.q);
  // The officers of the chosen unit come from its report over the same period (its own officers, in scope).
  const unitReport = state.unit ? reportPath({ kind: 'unit', id: state.unit }) : null;
  const periodQuery = `from=${state.period.from}&to=${state.period.to}`;
  const officers = useApiData(`officers:${unitReport}?${periodQuery}`, async (signal) => (unitReport ? (await api.report(unitReport, periodQuery, signal)).staff : []));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ q: text });
  };
  return (
    <form className="filter-form" role="search" onSubmit={submit} aria-labelledby={`${id}-legend`}>
      <fieldset className="filter-set">
        <legend id={`${id}-legend`}>{t('comments.filters')}</legend>
      <div className="field">
        <label htmlFor={`${id}-unit`}>{t('comments.unit')}</label>
        <select id={`${id}-unit`} value={state.unit ?? ''} onChange={(e) => onChange({ unit: e.target.value || null, staff: null })}>
          <option value="">{t('comments.allUnits')}</option>
          {unitsInTreeOrder(units).map(({ unit, depth }) => (
            <option key={unit.id} value={unit.id}>
              {'\u00a0\u00a0'.repeat(depth)}
              {unit.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-staff`}>{t('comments.officer')}</label>
        <select id={`${id}-staff`} value={state.staff ?? ''} disabled={!state.unit} onChange={(e) => onChange({ staff: e.target.value || null })}>
          <option value="">{state.unit ? t('comments.allOfficers') : t('comments.chooseUnitFirst')}</option>
          {officers.state === 'ready' &&
            officers.data.map((officer) => (
              <option key={officer.id} value={officer.id}>
                {officer.name}
              </option>
            ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-score`}>{t('comments.score')}</label>
        <select id={`${id}-score`} value={state.score ?? ''} onChange={(e) => onChange({ score: e.target.value ? (Number(e.target.value) as 1 | 2 | 3) : null })}>
          <option value="">{t('comments.allScores')}</option>
          {[3, 2, 1].map((score) => (
            <option key={score} value={score}>
              {t(`scale.vn3.${score}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field grow">
        <label htmlFor={`${id}-q`}>{t('comments.search')}</label>
        <input id={`${id}-q`} type="search" value={text} maxLength={100} onChange={(e) => setText(e.target.value)} />
      </div>
        <button type="submit">{t('comments.searchButton')}</button>
      </fieldset>
    </form>
  );
}
