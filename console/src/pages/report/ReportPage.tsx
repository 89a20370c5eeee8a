import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Report } from '../../../../shared/console/api';
import { useApiData } from '../../api/use-api';
import { Count } from '../../components/Figures';
import { ErrorNotice, Loading } from '../../components/Notices';
import { PageHeading } from '../../components/PageHeading';
import { PeriodPicker } from '../../periods/PeriodPicker';
import { navigate, useLocation } from '../../routing/router';
import { readReportState, reportHref, reportPath, reportQuery, type ReportState, type ReportSubject } from '../../routing/routes';
import { scopeSubject } from '../../session/roles';
import { useSession } from '../../session/session';
import { BehavioursSection } from './BehavioursSection';
import { Breadcrumbs } from './Breadcrumbs';
import { DeskRoleFilter } from './DeskRoleFilter';
import { RankedTable } from './RankedTable';
import { CountsCells, CountsHead } from '../../components/CountsRow';
import { ExportMenu, type ExportLink } from '../../components/ExportMenu';
import { ScopeViews } from '../../components/ScopeViews';
import { exportHref } from '../../api/client';
import { AlertsSection } from './AlertsSection';
import { EvaluationDownloads } from './EvaluationDownloads';
import { IntegritySection } from './IntegritySection';
import { DeskRolesSection, TotalsSection } from './TotalsSection';
import { TrendSection } from './TrendSection';

/**
 * One page for every subject of the drill-down — the province, a unit, a counter, an officer —
 * with the same measures; the period and the desk-role filter live in the URL.
 */
export function ReportPage({ subject }: { subject: ReportSubject }) {
  const { t } = useTranslation();
  const { api, periods, user } = useSession();
  const { search } = useLocation();
  const state = readReportState(search, periods.today);
  const path = reportPath(subject);
  const query = reportQuery(state);
  const report = useApiData(`${path}?${query}`, (signal) => api.report(path, query, signal));
  const change = (next: ReportState) => navigate(reportHref(subject, next));
  const title = report.state === 'ready' ? report.data.subject.name : t(`report.subjects.${subject.kind}`);

  return (
    <div className="report" data-testid={`report-${subject.kind}`}>
      {report.state === 'ready' && <Breadcrumbs path={report.data.path} state={state} />}
      <PageHeading title={title}>
        {report.state === 'ready' && <SubjectDetail report={report.data} />}
      </PageHeading>
      <ScopeViews subject={subject} period={state.period} current="report" />
      <div className="toolbar">
        <PeriodPicker period={state.period} onChange={(period) => change({ ...state, period })} />
        <DeskRoleFilter value={state.deskRole} onChange={(deskRole) => change({ ...state, deskRole })} />
        {report.state === 'ready' && <ExportMenu links={reportExports(report.data, path, query, user.role === 'province', t)} />}
      </div>
      {report.state === 'ready' && (subject.kind === 'province' || subject.kind === 'unit') && <EvaluationDownloads subject={subject} state={state} />}
      {report.state === 'loading' && <Loading />}
      {report.state === 'failed' && <ErrorNotice error={report.error} />}
      {report.state === 'ready' && <ReportBody report={report.data} state={state} />}
    </div>
  );
}

/**
 * The page's files: every table as a workbook, each table the page shows as CSV, and for
 * province accounts the raw ratings of the province or the unit.
 */
function reportExports(report: Report, path: string, query: string, province: boolean, t: (key: string, options?: Record<string, string>) => string): ExportLink[] {
  const tables = ['totals', 'desks', 'behaviours', 'months'];
  if (report.units.length > 0) tables.push('units');
  if (report.counters.length > 0) tables.push('counters');
  if (report.staff.length > 0) tables.push('staff');
  if (report.comparison) tables.push('comparison');
  const links: ExportLink[] = [
    { label: t('exports.pageWorkbook'), href: exportHref(path, query, 'xlsx'), testId: 'export-xlsx' },
    ...tables.map((table) => ({ label: t('exports.tableCsv', { table: t(`exports.tables.${table}`) }), href: exportHref(path, query, 'csv', table), testId: `export-csv-${table}` })),
  ];
  const { kind, id } = report.subject;
  if (province && (kind === 'province' || kind === 'unit')) {
    const raw = new URLSearchParams(query);
    raw.delete('deskRole');
    if (id) raw.set('unit', id);
    links.push(
      { label: t('exports.rawCsv'), href: exportHref('/ratings', raw.toString(), 'csv'), testId: 'export-raw-csv' },
      { label: t('exports.rawWorkbook'), href: exportHref('/ratings', raw.toString(), 'xlsx'), testId: 'export-raw-xlsx' },
    );
  }
  return links;
}

function SubjectDetail({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { kind, detail } = report.subject;
  if (kind === 'province') return null;
  const text =
    kind === 'unit' && detail
      ? t(`levels.${detail}`, { defaultValue: detail })
      : kind === 'counter' && detail
        ? t(`deskRole.${detail}`, { defaultValue: detail })
        : (detail ?? t(`report.subjects.${kind}`));
  return <span className="subject-detail">{text}</span>;
}

function ReportBody({ report, state }: { report: Report; state: ReportState }) {
  const { t } = useTranslation();
  const { user } = useSession();
  // The overview (the top of the user's scope) shows the alerts on what citizens say to those who act on them.
  const top = scopeSubject(user);
  const overview = (user.role === 'province' || user.role === 'unit_head') && report.subject.kind === top.kind && report.subject.id === top.id;
  const officer = report.subject.kind === 'staff' && report.comparison;
  const behaviourColumns = officer
    ? [
        { label: report.subject.name, behaviours: report.measures.behaviours },
        { label: report.comparison!.unit.name, behaviours: report.comparison!.unit.behaviours },
        { label: t('report.subjects.province'), behaviours: report.comparison!.province.behaviours },
      ]
    : [{ label: report.subject.name, behaviours: report.measures.behaviours }];
  const provinceLabel = t('report.subjects.province');
  // One array per report (not per render): the chart redraws only when its data changes.
  const trendSeries = useMemo(
    () =>
      report.subject.kind === 'staff' && report.comparison
        ? [
            { label: report.subject.name, trend: report.measures.trend },
            { label: report.comparison.unit.name, trend: report.comparison.unit.trend },
            { label: provinceLabel, trend: report.comparison.province.trend },
          ]
        : [{ label: report.subject.name, trend: report.measures.trend }],
    [report, provinceLabel],
  );
  return (
    <>
      <p className="minimum-note">{t('report.minimumNote', { minimum: report.minRatingsForFigures })}</p>
      {overview && <AlertsSection />}
      <div className="report-grid">
        <div className="report-column">
          <TotalsSection report={report} />
          <DeskRolesSection report={report} />
        </div>
        <div className="report-column">{officer ? <OfficerComparison report={report} /> : <BehavioursSection columns={behaviourColumns} />}</div>
      </div>
      <TrendSection series={trendSeries} />
      {officer && <BehavioursSection columns={behaviourColumns} />}
      <RankedTable rows={report.units} kind="unit" state={state} testId="units-table" />
      <RankedTable rows={report.counters} kind="counter" state={state} testId="counters-table" />
      <RankedTable rows={report.staff} kind="staff" state={state} testId="staff-table" />
      {report.withoutOfficer.ratings > 0 && (
        <section aria-labelledby="without-officer-heading" className="panel">
          <h2 id="without-officer-heading">{t('report.withoutOfficer.heading')}</h2>
          <p>
            {t('report.withoutOfficer.note')} <Count value={report.withoutOfficer.ratings} />
          </p>
        </section>
      )}
      <IntegritySection integrity={report.integrity} />
    </>
  );
}

/** An officer's totals next to their unit's and the province's over the same period. */
function OfficerComparison({ report }: { report: Report }) {
  const { t } = useTranslation();
  const comparison = report.comparison!;
  const rows = [
    { key: 'officer', label: report.subject.name, counts: report.measures.totals },
    { key: 'unit', label: comparison.unit.name, counts: comparison.unit.totals },
    { key: 'province', label: t('report.subjects.province'), counts: comparison.province.totals },
  ];
  return (
    <section aria-labelledby="comparison-heading" className="panel">
      <h2 id="comparison-heading">{t('report.comparison.heading')}</h2>
      <table className="data" data-testid="officer-comparison">
        <caption className="visually-hidden">{t('report.comparison.caption')}</caption>
        <CountsHead first={t('report.columns.subject')} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <CountsCells counts={row.counts} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
