import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS } from '../../../../shared/console/constants';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { PageHeading } from '../../components/PageHeading';
import { Pager } from '../../components/Pager';
import { formatDateTime } from '../../format/numbers';
import { navigate, useLocation } from '../../routing/router';
import { useSession } from '../../session/session';

const AUDIT_PAGE_SIZE = 50;

interface AuditFilters {
  from: string;
  to: string;
  action: string;
  page: number;
}

function readFilters(search: string): AuditFilters {
  const params = new URLSearchParams(search);
  const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
  const page = Number(params.get('page'));
  const action = params.get('action') ?? '';
  return {
    from: day(params.get('from')),
    to: day(params.get('to')),
    action: (AUDIT_ACTIONS as readonly string[]).includes(action) ? action : '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

function filtersQuery(filters: AuditFilters): string {
  const params = new URLSearchParams();
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.action) params.set('action', filters.action);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params.toString();
}

/** The audit log, newest first: who did what, when, from where (administrators). */
export function AuditPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const { search } = useLocation();
  const filters = readFilters(search);
  const query = `${filtersQuery(filters)}${filtersQuery(filters) ? '&' : ''}pageSize=${AUDIT_PAGE_SIZE}`;
  const audit = useApiData(`audit?${query}`, (signal) => api.audit(query, signal));
  const go = (next: AuditFilters) => navigate(`/audit?${filtersQuery(next)}`);

  return (
    <div className="audit-page">
      <PageHeading title={t('audit.title')} />
      <AuditFilterForm key={search} filters={filters} onApply={(next) => go({ ...next, page: 1 })} />
      {audit.state === 'loading' && <Loading />}
      {audit.state === 'failed' && <ErrorNotice error={audit.error} />}
      {audit.state === 'ready' && (
        <>
          <table className="data" data-testid="audit-table">
            <caption>{t('audit.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.columns.at')}</th>
                <th scope="col">{t('audit.columns.who')}</th>
                <th scope="col">{t('audit.columns.action')}</th>
                <th scope="col">{t('audit.columns.details')}</th>
                <th scope="col">{t('audit.columns.address')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.items.length === 0 && (
                <tr>
                  <td colSpan={5}>{t('audit.none')}</td>
                </tr>
              )}
              {audit.data.items.map((entry) => (
                <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
                  <td className="nowrap">{formatDateTime(entry.at)}</td>
                  <td>
                    {entry.login ?? '–'}
                    {entry.role && <span className="row-detail">{t(`roles.${entry.role}`, { defaultValue: entry.role })}</span>}
                  </td>
                  <td>{t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}</td>
                  <td>
                    <AuditDetails details={entry.details} />
                  </td>
                  <td>{entry.address ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={audit.data.page} pageSize={audit.data.pageSize} total={audit.data.total} label={t('audit.paging')} onPage={(page) => go({ ...filters, page })} />
        </>
      )}
    </div>
  );
}

/** The details the server recorded (scope, period, filters, what changed) as name: value pairs. */
function AuditDetails({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details).filter(([, value]) => value !== undefined && value !== null && value !== '');
  if (entries.length === 0) return <>–</>;
  return (
    <dl className="audit-details">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function AuditFilterForm({ filters, onApply }: { filters: AuditFilters; onApply: (filters: AuditFilters) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(filters);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label={t('audit.filters')}>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('periods.from')}</label>
        <input id={`${id}-from`} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('periods.to')}</label>
        <input id={`${id}-to`} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-action`}>{t('audit.columns.action')}</label>
        <select id={`${id}-action`} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
          <option value="">{t('audit.allActions')}</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {t(`audit.actions.${action}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">{t('common.apply')}</button>
    </form>
  );
}
