import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FleetCounter, FleetKiosk, FleetOverview, KioskStatus } from '../../../../shared/console/fleet';
import type { KioskCommandKind } from '../../../../shared/fleet';
import type { UnitNode } from '../../../../shared/console/api';
import { matchesSearch } from '../../../../shared/text';
import { ApiError, asApiError } from '../../api/client';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, ErrorText, Loading } from '../../components/Notices';
import { PageHeading } from '../../components/PageHeading';
import { formatCount, formatDateTime, languageOf } from '../../format/numbers';
import { Link, navigate, useLocation } from '../../routing/router';
import { kioskHref } from '../../routing/routes';
import { useSession } from '../../session/session';
import { unitsInTreeOrder } from '../unit-tree';
import { RosterProblemsSummary } from './RosterProblems';
import { formatAge, formatBytes, formatOffset, shortVersion } from './fleet-format';

const STATUSES: KioskStatus[] = ['online', 'late', 'offline', 'closed', 'retired'];
export const COMMAND_KINDS: KioskCommandKind[] = ['sync_now', 'reload_screen', 'send_diagnostics', 'repull'];

type SortKey = 'name' | 'unit' | 'status' | 'lastHeartbeat' | 'pending' | 'version';

/** The fleet at a glance: counts per status, alerts, pairing requests, and every kiosk (filters, sorting, group commands). */
export function FleetPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const fleet = useApiData('fleet', (signal) => api.fleet(signal));
  const units = useApiData('units', (signal) => api.units(signal));
  return (
    <div className="fleet-page">
      <PageHeading title={t('fleet.title')} />
      {fleet.state === 'loading' && <Loading />}
      {fleet.state === 'failed' && <ErrorNotice error={fleet.error} />}
      {fleet.state === 'ready' && (
        <>
          <StatusCounts counts={fleet.data.counts} />
          <AlertsSection fleet={fleet.data} />
          <PairingSection fleet={fleet.data} units={units.state === 'ready' ? units.data : []} onChange={fleet.reload} />
          <KioskTable fleet={fleet.data} units={units.state === 'ready' ? units.data : []} onChange={fleet.reload} />
        </>
      )}
    </div>
  );
}

function StatusCounts({ counts }: { counts: FleetOverview['counts'] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="status-counts" aria-label={t('fleet.countsLabel')} data-testid="fleet-counts">
      {STATUSES.map((status) => (
        <li key={status} className={`status-count status-${status}`} data-status={status}>
          <span className="status-count-number">{formatCount(counts[status], languageOf(i18n.language))}</span> {t(`fleet.status.${status}`)}
        </li>
      ))}
    </ul>
  );
}

function AlertsSection({ fleet }: { fleet: FleetOverview }) {
  const { t } = useTranslation();
  const id = useId();
  const open = fleet.alerts.filter((alert) => alert.endedAt === null);
  return (
    <section aria-labelledby={`${id}-alerts`} className="panel">
      <h2 id={`${id}-alerts`}>{t('fleet.alerts.title', { count: open.length })}</h2>
      {open.length === 0 ? (
        <p>{t('fleet.alerts.none')}</p>
      ) : (
        <table className="data" data-testid="fleet-alerts">
          <caption className="visually-hidden">{t('fleet.alerts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fleet.columns.kiosk')}</th>
              <th scope="col">{t('fleet.columns.unit')}</th>
              <th scope="col">{t('fleet.alerts.kindColumn')}</th>
              <th scope="col">{t('fleet.alerts.since')}</th>
              <th scope="col">{t('fleet.alerts.mailed')}</th>
            </tr>
          </thead>
          <tbody>
            {open.map((alert) => (
              <tr key={alert.id} data-testid="fleet-alert" data-kind={alert.kind}>
                <th scope="row">
                  <Link href={kioskHref(alert.deviceId)}>{alert.deviceName}</Link>
                </th>
                <td>{alert.unitName}</td>
                <td>{t(`fleet.alerts.kind.${alert.kind}`)}</td>
                <td className="nowrap">
                  {formatDateTime(alert.startedAt)} ({formatAge(fleet.now - alert.startedAt, t)})
                </td>
                <td>{alert.mailedAt ? formatDateTime(alert.mailedAt) : alert.mailError ? t('fleet.alerts.mailFailed') : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Pending pairing requests, and the approval form (the code read on the kiosk's screen, or from its QR: ?pair=CODE). */
function PairingSection({ fleet, units, onChange }: { fleet: FleetOverview; units: UnitNode[]; onChange: () => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const { search } = useLocation();
  const id = useId();
  const pending = fleet.pairings.filter((pairing) => pairing.status === 'pending');
  const [code, setCode] = useState(() => new URLSearchParams(search).get('pair') ?? '');
  const [unitId, setUnitId] = useState('');
  const [counterId, setCounterId] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const counters = fleet.counters.filter((counter) => counter.unitId === unitId);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    try {
      await api.approvePairing(code, unitId, counterId || null);
      setNotice(t('fleet.pairing.approved', { code: code.toUpperCase() }));
      setCode('');
      if (search.includes('pair=')) navigate('/fleet', { replace: true });
      onChange();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const refuse = async (pairingId: string) => {
    setError(null);
    try {
      await api.refusePairing(pairingId);
      onChange();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <section aria-labelledby={`${id}-pairing`} className="panel">
      <h2 id={`${id}-pairing`}>{t('fleet.pairing.title')}</h2>
      <p className="hint">{t('fleet.pairing.hint')}</p>
      <form className="form-grid" onSubmit={submit} data-testid="pairing-form">
        <div className="field">
          <label htmlFor={`${id}-code`}>{t('fleet.pairing.code')}</label>
          <input id={`${id}-code`} value={code} onChange={(e) => setCode(e.target.value)} required autoComplete="off" maxLength={12} />
        </div>
        <div className="field wide">
          <label htmlFor={`${id}-unit`}>{t('fleet.columns.unit')}</label>
          <select id={`${id}-unit`} value={unitId} onChange={(e) => (setUnitId(e.target.value), setCounterId(''))} required>
            <option value="">{t('fleet.pairing.chooseUnit')}</option>
            {unitsInTreeOrder(units).map(({ unit, depth }) => (
              <option key={unit.id} value={unit.id}>
                {'\u00a0\u00a0'.repeat(depth)}
                {unit.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field wide">
          <label htmlFor={`${id}-counter`}>{t('fleet.columns.counter')}</label>
          <CounterSelect id={`${id}-counter`} counters={counters} value={counterId} onChange={setCounterId} allowLater />
        </div>
        {error && (
          <p className="notice notice-error form-error" role="alert">
            <ErrorText error={error} />
          </p>
        )}
        {notice && (
          <p className="notice notice-ok" role="status">
            {notice}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('fleet.pairing.approve')}
          </button>
        </div>
      </form>
      {pending.length > 0 && (
        <table className="data" data-testid="pairings-table">
          <caption>{t('fleet.pairing.pending')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fleet.pairing.code')}</th>
              <th scope="col">{t('fleet.columns.kiosk')}</th>
              <th scope="col">{t('fleet.columns.version')}</th>
              <th scope="col">{t('fleet.pairing.address')}</th>
              <th scope="col">{t('fleet.pairing.asked')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('fleet.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pending.map((pairing) => (
              <tr key={pairing.id}>
                <th scope="row" className="code">
                  {pairing.code}
                </th>
                <td>{pairing.deviceName}</td>
                <td>{pairing.appVersion}</td>
                <td>{pairing.address ?? '–'}</td>
                <td className="nowrap">{formatDateTime(pairing.createdAt)}</td>
                <td>
                  <button type="button" onClick={() => setCode(pairing.code)}>
                    {t('fleet.pairing.use')}
                  </button>{' '}
                  <button type="button" onClick={() => void refuse(pairing.id)} aria-label={t('fleet.pairing.refuseOne', { code: pairing.code })}>
                    {t('fleet.pairing.refuse')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function CounterSelect({ id, counters, value, onChange, allowLater = false }: { id: string; counters: FleetCounter[]; value: string; onChange: (value: string) => void; allowLater?: boolean }) {
  const { t } = useTranslation();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} required={!allowLater}>
      <option value="">{allowLater ? t('fleet.pairing.counterLater') : t('fleet.chooseCounter')}</option>
      {counters.map((counter) => (
        <option key={counter.id} value={counter.id}>
          {counter.name} · {t(`deskRole.${counter.deskRole}`, { defaultValue: counter.deskRole })}
        </option>
      ))}
    </select>
  );
}

function sortValue(kiosk: FleetKiosk, key: SortKey): string | number {
  switch (key) {
    case 'name':
      return kiosk.name;
    case 'unit':
      return `${kiosk.unitName} ${kiosk.counterName ?? ''}`;
    case 'status':
      return STATUSES.indexOf(kiosk.status);
    case 'lastHeartbeat':
      return kiosk.lastHeartbeatAt ?? 0;
    case 'pending':
      return kiosk.pendingCount ?? -1;
    case 'version':
      return kiosk.appVersion;
  }
}

function KioskTable({ fleet, units, onChange }: { fleet: FleetOverview; units: UnitNode[]; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const language = languageOf(i18n.language);
  const id = useId();
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<KioskStatus | ''>('');
  const [unit, setUnit] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'unit', descending: false });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [kind, setKind] = useState<KioskCommandKind>('sync_now');
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const shown = useMemo(() => {
    const filtered = fleet.kiosks.filter(
      (kiosk) =>
        (!status || kiosk.status === status) &&
        (!unit || kiosk.unitId === unit) &&
        (!query.trim() || matchesSearch(`${kiosk.name} ${kiosk.unitName} ${kiosk.counterName ?? ''} ${kiosk.deviceId}`, query)),
    );
    const sign = sort.descending ? -1 : 1;
    return [...filtered].sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'vi'));
    });
  }, [fleet.kiosks, status, unit, query, sort]);
  const toggle = (deviceId: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(deviceId)) next.delete(deviceId);
      else next.add(deviceId);
      return next;
    });
  const send = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    try {
      await api.sendCommand([...chosen], kind);
      setNotice(t('fleet.commands.sent', { count: chosen.size, command: t(`fleet.commands.kind.${kind}`) }));
      setChosen(new Set());
      onChange();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className="sort-button" onClick={() => setSort({ key, descending: active ? !sort.descending : false })}>
          {label}
          <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
        </button>
      </th>
    );
  };
  return (
    <section aria-labelledby={`${id}-kiosks`} className="panel">
      <h2 id={`${id}-kiosks`}>{t('fleet.kiosks', { count: fleet.kiosks.length })}</h2>
      <div className="filters" role="search" aria-label={t('fleet.filters')}>
        <div className="field">
          <label htmlFor={`${id}-q`}>{t('fleet.search')}</label>
          <input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('fleet.columns.status')}</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as KioskStatus | '')}>
            <option value="">{t('fleet.allStatuses')}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`fleet.status.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-unit`}>{t('fleet.columns.unit')}</label>
          <select id={`${id}-unit`} value={unit} onChange={(e) => setUnit(e.target.value)}>
            <option value="">{t('fleet.allUnits')}</option>
            {unitsInTreeOrder(units).map(({ unit: node, depth }) => (
              <option key={node.id} value={node.id}>
                {'\u00a0\u00a0'.repeat(depth)}
                {node.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <form className="filters" onSubmit={send} aria-label={t('fleet.commands.groupLabel')}>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('fleet.commands.kindLabel')}</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as KioskCommandKind)}>
            {COMMAND_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`fleet.commands.kind.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={chosen.size === 0} data-testid="send-group-command">
          {t('fleet.commands.sendTo', { count: chosen.size })}
        </button>
      </form>
      {error && <ErrorNotice error={error} />}
      {notice && (
        <p className="notice notice-ok" role="status">
          {notice}
        </p>
      )}
      <div className="table-scroll">
        <table className="data dense" data-testid="fleet-table">
          <caption className="visually-hidden">{t('fleet.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{t('fleet.choose')}</span>
              </th>
              {header('name', t('fleet.columns.kiosk'))}
              {header('unit', t('fleet.columns.place'))}
              {header('version', t('fleet.columns.version'))}
              {header('status', t('fleet.columns.status'))}
              {header('lastHeartbeat', t('fleet.columns.lastHeartbeat'))}
              {header('pending', t('fleet.columns.backlog'))}
              <th scope="col">{t('fleet.columns.clock')}</th>
              <th scope="col">{t('fleet.columns.disk')}</th>
              <th scope="col">{t('fleet.columns.versions')}</th>
              <th scope="col">{t('fleet.columns.updater')}</th>
              <th scope="col">{t('fleet.columns.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={12}>{t('fleet.noKiosk')}</td>
              </tr>
            )}
            {shown.map((kiosk) => (
              <tr key={kiosk.deviceId} data-testid="fleet-row" data-device={kiosk.deviceId} data-status={kiosk.status}>
                <td>
                  <input type="checkbox" checked={chosen.has(kiosk.deviceId)} onChange={() => toggle(kiosk.deviceId)} disabled={kiosk.status === 'retired'} aria-label={t('fleet.chooseOne', { name: kiosk.name })} />
                </td>
                <th scope="row">
                  <Link href={kioskHref(kiosk.deviceId)}>{kiosk.name}</Link>
                </th>
                <td>
                  {kiosk.unitName}
                  <span className="row-detail">
                    {kiosk.counterName ?? t('fleet.noCounter')}
                    {kiosk.deskRole ? ` · ${t(`deskRole.${kiosk.deskRole}`, { defaultValue: kiosk.deskRole })}` : ''}
                  </span>
                </td>
                <td>{kiosk.appVersion}</td>
                <td>
                  <span className={`status-badge status-${kiosk.status}`}>{t(`fleet.status.${kiosk.status}`)}</span>
                  {kiosk.openAlerts.length > 0 && <span className="row-detail">{kiosk.openAlerts.map((kind) => t(`fleet.alerts.kind.${kind}`)).join(', ')}</span>}
                </td>
                <td className="nowrap">{kiosk.lastHeartbeatAt ? formatAge(fleet.now - kiosk.lastHeartbeatAt, t) : t('fleet.never')}</td>
                <td className="num">
                  {kiosk.pendingCount === null ? '–' : formatCount(kiosk.pendingCount, language)}
                  {kiosk.oldestPendingAgeMs !== null && kiosk.pendingCount ? <span className="row-detail">{formatAge(kiosk.oldestPendingAgeMs, t)}</span> : null}
                </td>
                <td className="num">{kiosk.clockOffsetMs === null ? '–' : formatOffset(kiosk.clockOffsetMs, language)}</td>
                <td className="num">{kiosk.freeDiskBytes === null ? '–' : formatBytes(kiosk.freeDiskBytes, language)}</td>
                <td className="nowrap">
                  <VersionCell label={t('fleet.roster')} version={kiosk.rosterVersion} behind={kiosk.rosterBehind} />
                  <VersionCell label={t('fleet.settingsShort')} version={kiosk.settingsVersion} behind={kiosk.settingsBehind} />
                </td>
                <td>{kiosk.updater ? `${t(`fleet.updater.${kiosk.updater.phase}`, { defaultValue: kiosk.updater.phase })}${kiosk.updater.version ? ` ${kiosk.updater.version}` : ''}` : '–'}</td>
                <td className="error-cell">
                  {kiosk.rosterProblems.length > 0 && <RosterProblemsSummary problems={kiosk.rosterProblems} />}
                  {kiosk.lastError ?? (kiosk.rosterProblems.length > 0 ? null : '–')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function VersionCell({ label, version, behind }: { label: string; version: string | null; behind: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`version${behind ? ' behind' : ''}`}>
      {label}: {shortVersion(version)}
      {behind ? ` ⚠ ${t('fleet.notApplied')}` : ''}
    </span>
  );
}
