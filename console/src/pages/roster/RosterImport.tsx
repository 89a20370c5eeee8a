import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROSTER_FILE_MAX_BYTES, ROSTER_RECORD_KINDS, ROSTER_ROW_ACTIONS, type RosterImportResult, type RosterPlan, type RosterPlanRow, type RosterProblem, type RosterRowAction } from '../../../../shared/roster-import';
import { asApiError, type ApiError, type RosterImportFile } from '../../api/client';
import { ErrorNotice } from '../../components/Notices';
import { useSession } from '../../session/session';

/** The file's bytes as base64, for the JSON body. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Import of HR's file (docs/roster.md): upload → the plan (numbers per kind, each row's outcome and
 * reasons, the staff missing from the file) → confirm. The confirmation carries the plan's id; the
 * server refuses it when the plan it would apply now is another one.
 */
export function RosterImport() {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [deactivateMissing, setDeactivateMissing] = useState(false);
  const [sent, setSent] = useState<RosterImportFile | null>(null);
  const [plan, setPlan] = useState<RosterPlan | null>(null);
  const [result, setResult] = useState<RosterImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const [busy, setBusy] = useState(false);

  const preview = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    setResult(null);
    setPlan(null);
    setTooLarge(file.size > ROSTER_FILE_MAX_BYTES);
    if (file.size > ROSTER_FILE_MAX_BYTES) return;
    setBusy(true);
    try {
      const request = { fileName: file.name, contentBase64: await base64Of(file), deactivateMissing };
      setPlan(await api.previewRosterImport(request));
      setSent(request);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!plan || !sent) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await api.applyRosterImport({ ...sent, planId: plan.planId }));
      setPlan(null);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const refused = plan ? plan.rows.filter((row) => row.action === 'refused').length : 0;
  return (
    <>
      <form className="panel form-panel form-grid" onSubmit={preview} data-testid="roster-import-form">
        <div className="field wide">
          <label htmlFor={`${id}-file`}>{t('roster.import.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,.csv,.xlsx"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPlan(null);
            }}
            aria-describedby={`${id}-file-hint`}
            data-testid="roster-import-file"
          />
          <span className="hint" id={`${id}-file-hint`}>
            {t('roster.import.fileHint')}
          </span>
        </div>
        <div className="field checkbox">
          <input
            id={`${id}-deactivate`}
            type="checkbox"
            checked={deactivateMissing}
            onChange={(e) => {
              setDeactivateMissing(e.target.checked);
              setPlan(null);
            }}
            aria-describedby={`${id}-deactivate-hint`}
          />
          <label htmlFor={`${id}-deactivate`}>{t('roster.import.deactivateMissing')}</label>
          <span className="hint" id={`${id}-deactivate-hint`}>
            {t('roster.import.deactivateHint')}
          </span>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!file || busy} data-testid="roster-import-preview">
            {t('roster.import.preview')}
          </button>
        </div>
      </form>
      {tooLarge && (
        <p className="notice notice-error" role="alert">
          {t('roster.import.tooLarge', { max: ROSTER_FILE_MAX_BYTES / 1048576 })}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      {result && (
        <p className="notice notice-ok" role="status" data-testid="roster-import-done">
          {t('roster.import.done', { file: result.plan.fileName, deactivated: result.deactivated })}
        </p>
      )}
      {plan && (
        <section aria-labelledby={`${id}-plan`} data-testid="roster-import-plan">
          <h2 id={`${id}-plan`}>{t('roster.import.planHeading', { file: plan.fileName })}</h2>
          <PlanCounts plan={plan} />
          <PlanRows rows={plan.rows} />
          <MissingStaff plan={plan} />
          {refused > 0 ? (
            <p className="notice notice-error" role="alert">
              {t('roster.import.cannotApply', { count: refused })}
            </p>
          ) : (
            <div className="form-actions">
              <button type="button" className="primary" onClick={() => void confirm()} disabled={busy} data-testid="roster-import-confirm">
                {t('roster.import.confirm')}
              </button>
            </div>
          )}
        </section>
      )}
    </>
  );
}

function PlanCounts({ plan }: { plan: RosterPlan }) {
  const { t } = useTranslation();
  const actions = ['add', 'change', 'unchanged', 'refused'] as const;
  return (
    <table className="data" data-testid="roster-import-counts">
      <caption>{t('roster.import.countsCaption', { ignored: plan.ignoredRows })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('roster.import.kind')}</th>
          {actions.map((action) => (
            <th scope="col" key={action} className="num">
              {t(`roster.import.actions.${action}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ROSTER_RECORD_KINDS.map((kind) => (
          <tr key={kind}>
            <th scope="row">{t(`roster.import.kinds.${kind}`)}</th>
            {actions.map((action) => (
              <td key={action} className="num" data-testid={`count-${kind}-${action}`}>
                {plan.counts[kind][action]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PlanRows({ rows }: { rows: RosterPlanRow[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [shown, setShown] = useState<RosterRowAction | 'all' | 'notUnchanged'>('notUnchanged');
  const visible = rows.filter((row) => (shown === 'all' ? true : shown === 'notUnchanged' ? row.action !== 'unchanged' : row.action === shown));
  const problem = (p: RosterProblem) => t(`roster.problem.${p.code}`, { ...p.params, field: typeof p.params.field === 'string' ? t(`roster.fields.${p.params.field}`) : '' });
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-shown`}>{t('roster.import.show')}</label>
        <select id={`${id}-shown`} value={shown} onChange={(e) => setShown(e.target.value as typeof shown)}>
          <option value="notUnchanged">{t('roster.import.showChanges')}</option>
          <option value="all">{t('roster.import.showAll')}</option>
          {ROSTER_ROW_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {t(`roster.import.actions.${action}`)}
            </option>
          ))}
        </select>
      </div>
      <table className="data" data-testid="roster-import-rows">
        <caption>{t('roster.import.rowsCaption', { shown: visible.length, total: rows.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('roster.import.row')}</th>
            <th scope="col">{t('roster.import.kind')}</th>
            <th scope="col">{t('roster.import.outcome')}</th>
            <th scope="col">{t('roster.fields.id')}</th>
            <th scope="col">{t('roster.fields.name')}</th>
            <th scope="col">{t('roster.import.details')}</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((row) => (
            <tr key={`${row.sheet ?? ''}:${row.row}`} className={row.action === 'refused' ? 'row-refused' : undefined}>
              <th scope="row" className="nowrap">
                {row.sheet ? `${row.sheet}, ` : ''}
                {row.row}
              </th>
              <td>{t(`roster.import.kinds.${row.kind}`)}</td>
              <td>{t(`roster.import.actions.${row.action}`)}</td>
              <td className="nowrap">{row.id ?? '–'}</td>
              <td>{row.name}</td>
              <td>
                {row.action === 'refused' || row.action === 'ignored'
                  ? row.action === 'ignored'
                    ? t('roster.problem.empty_row')
                    : row.problems.map(problem).join(' ')
                  : [
                      row.matchedBy ? t(`roster.import.matchedBy.${row.matchedBy}`) : '',
                      row.changes.length > 0 ? t('roster.import.changes', { fields: row.changes.map((field) => t(`roster.fields.${field}`)).join(', ') }) : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function MissingStaff({ plan }: { plan: RosterPlan }) {
  const { t } = useTranslation();
  if (plan.missing.length === 0) return <p>{t('roster.import.noneMissing')}</p>;
  return (
    <table className="data" data-testid="roster-import-missing">
      <caption>{plan.deactivateMissing ? t('roster.import.missingDeactivated', { count: plan.missing.length }) : t('roster.import.missingKept', { count: plan.missing.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('roster.fields.id')}</th>
          <th scope="col">{t('roster.fields.fullName')}</th>
          <th scope="col">{t('roster.fields.unit')}</th>
        </tr>
      </thead>
      <tbody>
        {plan.missing.map((member) => (
          <tr key={member.id}>
            <th scope="row">{member.id}</th>
            <td>{member.name}</td>
            <td>{member.unitId}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
