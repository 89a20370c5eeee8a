import { useTranslation } from 'react-i18next';
import { CRITERIA, type CriteriaAnswers, type CriterionKey } from '../../../shared/criteria';
import { VN3_NOT_SATISFIED, type Vn3Score } from '../../../shared/scales';

/**
 * Optional details after the tap: the eight "4 xin, 4 luôn" behaviours as yes/no toggles (after
 * "Không hài lòng" framed as what was missing), and the way to a comment and a dossier code.
 * Nothing here shows which face was tapped beyond that framing.
 */
export function DetailsScreen({
  score,
  criteria,
  hasComment,
  dossierCode,
  showDossier,
  saveFailed,
  onCriterion,
  onComment,
  onDossier,
  onDone,
}: {
  score: Vn3Score | null;
  criteria: Partial<CriteriaAnswers>;
  hasComment: boolean;
  dossierCode: string;
  showDossier: boolean;
  saveFailed: boolean;
  onCriterion: (key: CriterionKey, answer: boolean | null) => void;
  onComment: () => void;
  onDossier: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const missingFraming = score === VN3_NOT_SATISFIED;
  // In the "what was missing?" framing the first button records that the behaviour was missing.
  const choices: { answer: boolean; label: string }[] = missingFraming
    ? [
        { answer: false, label: t('details.missing') },
        { answer: true, label: t('details.present') },
      ]
    : [
        { answer: true, label: t('details.yes') },
        { answer: false, label: t('details.no') },
      ];
  return (
    <section className="screen details" data-testid="details">
      <p className="saved-banner" role="status" data-testid="rating-saved">
        ✓ {t('details.saved')}
      </p>
      <p className="lead">{t('details.optional')}</p>
      <h1 className="question">{missingFraming ? t('details.missingQuestion') : t('details.question')}</h1>
      <div className="criteria">
        {CRITERIA.map((criterion) => {
          const answer = criteria[criterion.key] ?? null;
          const labelId = `criterion-${criterion.key}`;
          return (
            <div className={`criterion criterion-${criterion.group}`} key={criterion.key} role="group" aria-labelledby={labelId}>
              <span className="criterion-label" id={labelId}>
                {t(criterion.labelKey)}
              </span>
              <div className="criterion-choices">
                {choices.map((choice) => (
                  <button
                    type="button"
                    key={String(choice.answer)}
                    className={`toggle toggle-${choice.answer ? 'yes' : 'no'}`}
                    aria-pressed={answer === choice.answer}
                    data-testid={`criterion-${criterion.key}-${choice.answer ? 'yes' : 'no'}`}
                    onClick={() => onCriterion(criterion.key, answer === choice.answer ? null : choice.answer)}
                  >
                    {choice.label}
                  </button>
                ))}
              </div>
            </div>
          );
        })}
      </div>
      {saveFailed && (
        <p className="notice error-text" role="alert">
          {t('details.saveFailed')}
        </p>
      )}
      <div className="actions">
        <button type="button" className="action" data-testid="open-comment" onClick={onComment}>
          {hasComment ? t('details.commentGiven') : t('details.comment')}
        </button>
        {showDossier && (
          <button type="button" className="action" data-testid="open-dossier" onClick={onDossier}>
            {dossierCode ? t('details.dossierGiven', { code: dossierCode }) : t('details.dossier')}
          </button>
        )}
        <button type="button" className="action primary" data-testid="done" onClick={onDone}>
          {t('details.finish')}
        </button>
      </div>
    </section>
  );
}
