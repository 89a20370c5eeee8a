import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ranking } from '../../../../shared/console/rankings';
import { ApiError, asApiError } from '../../api/client';
import { Count, Percent } from '../../components/Figures';
import { ErrorNotice } from '../../components/Notices';
import { formatCount, formatDecimal, languageOf } from '../../format/numbers';
import type { RankingsState } from '../../routing/routes';
import { useSession } from '../../session/session';

/**
 * How the ranking was made — the formula, the minimum, the weight m and where it came from, the
 * scope's rate p̄ — and a form to try another minimum or weight (in the URL), which province
 * accounts may also keep as the defaults.
 */
export function RankingParameters({ ranking, state, onChange, reload }: { ranking: Ranking; state: RankingsState; onChange: (next: Partial<RankingsState>) => void; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n.language);
  const { api, user } = useSession();
  const id = useId();
  const { parameters } = ranking;
  const [minimum, setMinimum] = useState(state.minRatings === null ? '' : String(state.minRatings));
  const [weight, setWeight] = useState(state.weight === null ? '' : String(state.weight));
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const typed = (text: string) => (text.trim() === '' ? null : Number(text));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    onChange({ minRatings: typed(minimum), weight: typed(weight) });
  };
  const keep = async () => {
    setError(null);
    setSaved(false);
    try {
      await api.saveRankingSettings({ minRatingsForRanking: typed(minimum) ?? parameters.minRatings, rankingWeight: typed(weight) });
      setSaved(true);
      // The defaults now apply: the view drops its own values, or reads the ranking again.
      if (state.minRatings === null && state.weight === null) reload();
      else onChange({ minRatings: null, weight: null });
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <section aria-labelledby="parameters-heading" className="panel ranking-parameters" data-testid="ranking-parameters">
      <h2 id="parameters-heading">{t('rankings.parameters.heading')}</h2>
      <p>{t('rankings.parameters.formula')}</p>
      <dl className="parameter-list">
        <div>
          <dt>{t('rankings.parameters.minimum')}</dt>
          <dd data-testid="parameter-minimum">
            <Count value={parameters.minRatings} />
          </dd>
        </div>
        <div>
          <dt>{t('rankings.parameters.weight')}</dt>
          <dd data-testid="parameter-weight">
            {formatDecimal(parameters.weight, language)} <span className="muted">({t(`rankings.parameters.weightFrom.${parameters.weightFrom}`)})</span>
          </dd>
        </div>
        <div>
          <dt>{t('rankings.parameters.scopeRate')}</dt>
          <dd>
            <Percent value={parameters.scopeSatisfactionPct} tooFew={false} /> <span className="muted">({t('rankings.parameters.ofRatings', { ratings: formatCount(parameters.ratings, language) })})</span>
          </dd>
        </div>
      </dl>
      <details className="parameter-form">
        <summary>{t('rankings.parameters.change')}</summary>
        <form onSubmit={apply} className="form-grid" data-testid="parameters-form">
          <div className="field">
            <label htmlFor={`${id}-minimum`}>{t('rankings.parameters.minimum')}</label>
            <input id={`${id}-minimum`} type="number" step={1} value={minimum} placeholder={String(parameters.minRatings)} onChange={(e) => setMinimum(e.target.value)} aria-describedby={`${id}-minimum-hint`} />
            <span className="hint" id={`${id}-minimum-hint`}>
              {t('rankings.parameters.minimumHint', { figures: ranking.minRatingsForFigures })}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-weight`}>{t('rankings.parameters.weight')}</label>
            <input id={`${id}-weight`} type="number" step="any" value={weight} placeholder={t('rankings.parameters.median')} onChange={(e) => setWeight(e.target.value)} aria-describedby={`${id}-weight-hint`} />
            <span className="hint" id={`${id}-weight-hint`}>
              {t('rankings.parameters.weightHint')}
            </span>
          </div>
          <div className="form-actions">
            <button type="submit">{t('rankings.parameters.apply')}</button>
            {user.role === 'province' && (
              <button type="button" onClick={() => void keep()} data-testid="parameters-keep">
                {t('rankings.parameters.keep')}
              </button>
            )}
          </div>
          {error && <ErrorNotice error={error} />}
          {saved && (
            <p className="notice notice-ok" role="status">
              {t('rankings.parameters.kept')}
            </p>
          )}
        </form>
      </details>
    </section>
  );
}
