import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskDetail } from '../../../../shared/console/fleet';
import type { KioskCommandKind } from '../../../../shared/fleet';
import { ApiError, asApiError } from '../../api/client';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { PageHeading } from '../../components/PageHeading';
import { formatCount, formatDateTime, languageOf } from '../../format/numbers';
import { Link } from '../../routing/router';
import { useSession } from '../../session/session';
import { COMMAND_KINDS, CounterSelect, VersionCell } from './FleetPage';
import { formatAge, formatBytes, formatOffset } from './fleet-format';
import { RosterProblemsTable } from './RosterProblems';
import { SettingsForm } from './SettingsForm';

/** One kiosk: where it is and how it is, commands, its own settings, and its history of heartbeats, alerts and commands. */
export function KioskPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const detail = useApiData(`kiosk:${id}`, (signal) => api.kiosk(id, signal));
  return (
    <div className="kiosk-page">
      {detail.state === 'loading' && <Loading />}
      {detail.state === 'failed' && (
        <>
          <PageHeading title={t('fleet.kioskTitle')} />
          <ErrorNotice error={detail.error} />
        </>
      )}
      {detail.state === 'ready' && <KioskDetailView detail={detail.data} onChange={detail.reload} />}
      <p>
        <Link href="/fleet">{t('fleet.backToFleet')}</Link>
      </p>
    </div>
  );
}

function KioskDetailView({ detail, onChange }: { detail: KioskDetail; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const language = languageOf(i18n.language);
  const id = useId();
  const { kiosk } = detail;
  const retired = kiosk.status === 'retired';
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [counterId, setCounterId] = useState('');
  const act = async (action: () => Promise<unknown>, done: string) => {
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(done);
      onChange();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const send = (kind: KioskCommandKind) => act(() => api.sendCommand([kiosk.deviceId], kind), t('fleet.commands.sent', { count: 1, command: t(`fleet.commands.kind.${kind}`) }));
  const move = (event: FormEvent) => {
    event.preventDefault();
    void act(() => api.moveKiosk(kiosk.deviceId, counterId), t('fleet.moved'));
  };
  const retire = () => {
    if (window.confirm(t('fleet.retireConfirm', { name: kiosk.name }))) void act(() => api.retireKiosk(kiosk.deviceId), t('fleet.retired'));
  };
  return (
    <>
      <PageHeading title={kiosk.name} />
      <dl className="facts" data-testid="kiosk-facts">
        <div>
          <dt>{t('fleet.columns.status')}</dt>
          <dd>
            <span className={`status-badge status-${kiosk.status}`} data-testid="kiosk-status">
              {t(`fleet.status.${kiosk.status}`)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('fleet.columns.place')}</dt>
          <dd>
            {kiosk.unitName} · {kiosk.counterName ?? t('fleet.noCounter')}
            {kiosk.deskRole ? ` · ${t(`deskRole.${kiosk.deskRole}`, { defaultValue: kiosk.deskRole })}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('fleet.columns.version')}</dt>
          <dd>{kiosk.appVersion}</dd>
        </div>
        <div>
          <dt>{t('fleet.columns.lastHeartbeat')}</dt>
          <dd>{kiosk.lastHeartbeatAt ? formatDateTime(kiosk.lastHeartbeatAt) : t('fleet.never')}</dd>
        </div>
        <div>
          <dt>{t('fleet.columns.backlog')}</dt>
          <dd>
            {kiosk.pendingCount === null ? '–' : formatCount(kiosk.pendingCount, language)}
            {kiosk.oldestPendingAgeMs !== null && kiosk.pendingCount ? ` (${formatAge(kiosk.oldestPendingAgeMs, t)})` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('fleet.columns.clock')}</dt>
          <dd>{kiosk.clockOffsetMs === null ? '–' : formatOffset(kiosk.clockOffsetMs, language)}</dd>
        </div>
        <div>
          <dt>{t('fleet.columns.disk')}</dt>
          <dd>{kiosk.freeDiskBytes === null ? '–' : formatBytes(kiosk.freeDiskBytes, language)}</dd>
        </div>
        <div>
          <dt>{t('fleet.columns.versions')}</dt>
          <dd>
            <VersionCell label={t('fleet.roster')} version={kiosk.rosterVersion} behind={kiosk.rosterBehind} />{' '}
            <VersionCell label={t('fleet.settingsShort')} version={kiosk.settingsVersion} behind={kiosk.settingsBehind} />
            {kiosk.settingsProblems.length > 0 && <span className="row-detail">{kiosk.settingsProblems.join('; ')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('fleet.columns.updater')}</dt>
          <dd>
            {kiosk.updater ? `${t(`fleet.updater.${kiosk.updater.phase}`, { defaultValue: kiosk.updater.phase })}${kiosk.updater.version ? ` ${kiosk.updater.version}` : ''}` : '–'}
            {kiosk.updater?.error ? ` (${kiosk.updater.error})` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('fleet.columns.lastError')}</dt>
          <dd className="error-cell">{kiosk.lastError ?? '–'}</dd>
        </div>
      </dl>
      {kiosk.rosterProblems.length > 0 && <RosterProblemsTable problems={kiosk.rosterProblems} />}
      {error && <ErrorNotice error={error} />}
      {notice && (
        <p className="notice notice-ok" role="status">
          {notice}
        </p>
      )}
      {!retired && (
        <section aria-labelledby={`${id}-commands`} className="panel">
          <h2 id={`${id}-commands`}>{t('fleet.commands.title')}</h2>
          <div className="button-row">
            {COMMAND_KINDS.map((kind) => (
              <button type="button" key={kind} onClick={() => void send(kind)} data-testid={`command-${kind}`}>
                {t(`fleet.commands.kind.${kind}`)}
              </button>
            ))}
          </div>
          <form className="filters" onSubmit={move} aria-label={t('fleet.moveLabel')}>
            <div className="field wide">
              <label htmlFor={`${id}-counter`}>{t('fleet.moveTo')}</label>
              <CounterSelect id={`${id}-counter`} counters={detail.counters} value={counterId} onChange={setCounterId} />
            </div>
            <button type="submit">{t('fleet.move')}</button>
            <button type="button" className="danger" onClick={retire}>
              {t('fleet.retire')}
            </button>
          </form>
        </section>
      )}
      <section aria-labelledby={`${id}-history`} className="panel">
        <h2 id={`${id}-history`}>{t('fleet.commands.history')}</h2>
        <table className="data dense" data-testid="commands-table">
          <caption className="visually-hidden">{t('fleet.commands.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fleet.commands.kindLabel')}</th>
              <th scope="col">{t('fleet.commands.sentAt')}</th>
              <th scope="col">{t('fleet.commands.by')}</th>
              <th scope="col">{t('fleet.commands.stateLabel')}</th>
              <th scope="col">{t('fleet.commands.result')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.commands.length === 0 && (
              <tr>
                <td colSpan={5}>{t('fleet.commands.none')}</td>
              </tr>
            )}
            {detail.commands.map((command) => (
              <tr key={command.id} data-testid="command-row" data-kind={command.kind} data-state={command.state}>
                <th scope="row">{t(`fleet.commands.kind.${command.kind}`, { defaultValue: command.kind })}</th>
                <td className="nowrap">{formatDateTime(command.createdAt)}</td>
                <td>{command.createdBy ?? '–'}</td>
                <td>{t(`fleet.commands.state.${command.state}`)}</td>
                <td>
                  {command.error ?? ''}
                  {command.diagnostics && (
                    <details>
                      <summary>{t('fleet.commands.diagnostics')}</summary>
                      <dl className="audit-details">
                        {Object.entries(command.diagnostics.status).map(([name, value]) => (
                          <div key={name}>
                            <dt>{name}</dt>
                            <dd>{String(value)}</dd>
                          </div>
                        ))}
                      </dl>
                      <pre className="log">{command.diagnostics.log.join('\n')}</pre>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {!retired && (
        <section aria-labelledby={`${id}-settings`} className="panel">
          <h2 id={`${id}-settings`}>{t('fleet.settings.ownTitle')}</h2>
          <SettingsForm
            effective={detail.settings.effective}
            own={detail.settings.own}
            onSave={async (values) => {
              await api.saveKioskSettings(kiosk.deviceId, values);
              onChange();
            }}
          />
        </section>
      )}
      <section aria-labelledby={`${id}-alerts`} className="panel">
        <h2 id={`${id}-alerts`}>{t('fleet.alerts.history')}</h2>
        <table className="data dense">
          <caption className="visually-hidden">{t('fleet.alerts.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fleet.alerts.kindColumn')}</th>
              <th scope="col">{t('fleet.alerts.since')}</th>
              <th scope="col">{t('fleet.alerts.ended')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.alerts.length === 0 && (
              <tr>
                <td colSpan={3}>{t('fleet.alerts.none')}</td>
              </tr>
            )}
            {detail.alerts.map((alert) => (
              <tr key={alert.id}>
                <th scope="row">{t(`fleet.alerts.kind.${alert.kind}`)}</th>
                <td className="nowrap">{formatDateTime(alert.startedAt)}</td>
                <td className="nowrap">{alert.endedAt ? formatDateTime(alert.endedAt) : t('fleet.alerts.ongoing', { age: formatAge(detail.now - alert.startedAt, t) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby={`${id}-beats`} className="panel">
        <h2 id={`${id}-beats`}>{t('fleet.heartbeats.title')}</h2>
        <table className="data dense" data-testid="heartbeats-table">
          <caption className="visually-hidden">{t('fleet.heartbeats.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fleet.heartbeats.at')}</th>
              <th scope="col">{t('fleet.columns.version')}</th>
              <th scope="col">{t('fleet.columns.backlog')}</th>
              <th scope="col">{t('fleet.columns.clock')}</th>
              <th scope="col">{t('fleet.columns.disk')}</th>
              <th scope="col">{t('fleet.columns.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.heartbeats.length === 0 && (
              <tr>
                <td colSpan={6}>{t('fleet.heartbeats.none')}</td>
              </tr>
            )}
            {detail.heartbeats.map((beat) => (
              <tr key={beat.at}>
                <th scope="row" className="nowrap">
                  {formatDateTime(beat.at)}
                </th>
                <td>{beat.appVersion}</td>
                <td className="num">{formatCount(beat.pendingCount, language)}</td>
                <td className="num">{beat.clockOffsetMs === null ? '–' : formatOffset(beat.clockOffsetMs, language)}</td>
                <td className="num">{beat.freeDiskBytes === null ? '–' : formatBytes(beat.freeDiskBytes, language)}</td>
                <td className="error-cell">{[beat.lastError, ...beat.problems].filter(Boolean).join('; ') || '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
