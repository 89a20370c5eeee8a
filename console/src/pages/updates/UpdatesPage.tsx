import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitNode } from '../../../../shared/console/api';
import type { DeviceUpdaterState, ReleaseSummary, RingSummary, UpdateStatus } from '../../../../shared/console/updates';
import type { ReleaseRing } from '../../../../shared/release';
import { ApiError, asApiError } from '../../api/client';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { PageHeading } from '../../components/PageHeading';
import { formatDateTime } from '../../format/numbers';
import { useSession } from '../../session/session';

const RINGS: readonly ReleaseRing[] = ['pilot', 'everyone'];

/** Versions newest first (the server already checked they are semantic versions). */
function versionsOf(releases: readonly ReleaseSummary[]): string[] {
  const order = (v: string) => v.split(/[.+-]/).map((part) => (/^\d+$/.test(part) ? part.padStart(8, '0') : part)).join('.');
  return [...new Set(releases.map((r) => r.version))].sort((a, b) => order(b).localeCompare(order(a)));
}

/**
 * Kiosk updates for IT staff (docs/updates.md): the kill switch, what each ring is offered, the
 * releases and their promotion, the rings of units and kiosks, and each kiosk's updater. Uploads
 * stay on the command line (`npm run admin -- release-upload`): they need the private key.
 */
export function UpdatesPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const status = useApiData('updates', (signal) => api.updates(signal));
  const units = useApiData('units', (signal) => api.units(signal));
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>, message: string) => {
    setError(null);
    setDone(null);
    try {
      await work();
      setDone(message);
      status.reload();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <div className="updates-page">
      <PageHeading title={t('updates.title')} />
      <p className="lead">{t('updates.lead')}</p>
      {error && <ErrorNotice error={error} />}
      {done && (
        <p className="notice notice-ok" role="status" data-testid="updates-done">
          {done}
        </p>
      )}
      {(status.state === 'loading' || units.state === 'loading') && <Loading />}
      {status.state === 'failed' && <ErrorNotice error={status.error} />}
      {units.state === 'failed' && <ErrorNotice error={units.error} />}
      {status.state === 'ready' && units.state === 'ready' && <UpdatesView status={status.data} units={units.data} act={act} />}
    </div>
  );
}

type Act = (work: () => Promise<unknown>, message: string) => Promise<void>;

function UpdatesView({ status, units, act }: { status: UpdateStatus; units: UnitNode[]; act: Act }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? id;
  return (
    <>
      <section className="panel" aria-labelledby="updates-switch-heading">
        <h2 id="updates-switch-heading">{t('updates.switch.heading')}</h2>
        <p data-testid="updates-state">{status.paused ? t('updates.switch.paused') : t('updates.switch.running')}</p>
        <p>{status.publicKey ? t('updates.switch.key', { key: `…${status.publicKey.slice(-16)}` }) : t('updates.switch.noKey')}</p>
        <button
          type="button"
          className={status.paused ? 'primary' : 'danger'}
          data-testid="updates-pause"
          onClick={() => void act(() => api.setUpdatesPaused(!status.paused), status.paused ? t('updates.switch.resumed') : t('updates.switch.pausedNow'))}
        >
          {status.paused ? t('updates.switch.resume') : t('updates.switch.pause')}
        </button>
      </section>
      <RingsTable rings={status.rings} versions={versionsOf(status.releases)} unitName={unitName} kiosks={status.kiosks} act={act} />
      <ReleasesTable releases={status.releases} act={act} />
      <RingAssignment units={units} kiosks={status.kiosks} act={act} />
      <KiosksTable kiosks={status.kiosks} unitName={unitName} />
    </>
  );
}

function RingsTable(props: { rings: RingSummary[]; versions: string[]; unitName: (id: string) => string; kiosks: DeviceUpdaterState[]; act: Act }) {
  const { t } = useTranslation();
  const { rings, versions, unitName, kiosks, act } = props;
  const { api } = useSession();
  const kioskName = (id: string) => kiosks.find((k) => k.deviceId === id)?.name ?? id;
  const offer = (value: { version: string; pinned: boolean } | null | undefined) =>
    value ? `${value.version}${value.pinned ? ` (${t('updates.rings.pinned')})` : ''}` : t('updates.rings.nothing');
  return (
    <section className="panel" aria-labelledby="updates-rings-heading">
      <h2 id="updates-rings-heading">{t('updates.rings.heading')}</h2>
      <table className="data" data-testid="rings-table">
        <caption>{t('updates.rings.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('updates.rings.ring')}</th>
            <th scope="col">{t('updates.platforms.windows')}</th>
            <th scope="col">{t('updates.platforms.linux')}</th>
            <th scope="col">{t('updates.rings.members')}</th>
            <th scope="col">{t('updates.rings.pin')}</th>
          </tr>
        </thead>
        <tbody>
          {RINGS.map((ring) => {
            const summary = rings.find((r) => r.ring === ring);
            return (
              <tr key={ring} data-testid={`ring-${ring}`}>
                <th scope="row">{t(`updates.ringNames.${ring}`)}</th>
                <td>{offer(summary?.offered.windows)}</td>
                <td>{offer(summary?.offered.linux)}</td>
                <td>
                  {[...(summary?.units ?? []).map(unitName), ...(summary?.devices ?? []).map(kioskName)].join('; ') ||
                    (ring === 'everyone' ? t('updates.rings.everyoneElse') : '–')}
                </td>
                <td>
                  <PinForm ring={ring} pinned={summary?.pinnedVersion ?? null} versions={versions} onPin={(version) => void act(() => api.pinRing(ring, version), version ? t('updates.rings.pinnedNow', { ring: t(`updates.ringNames.${ring}`), version }) : t('updates.rings.unpinnedNow', { ring: t(`updates.ringNames.${ring}`) }))} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function PinForm({ ring, pinned, versions, onPin }: { ring: ReleaseRing; pinned: string | null; versions: string[]; onPin: (version: string | null) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [version, setVersion] = useState(pinned ?? versions[0] ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (version) onPin(version);
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor={`${id}-version`} className="visually-hidden">
        {t('updates.rings.pinVersion', { ring: t(`updates.ringNames.${ring}`) })}
      </label>
      <select id={`${id}-version`} value={version} onChange={(e) => setVersion(e.target.value)} data-testid={`pin-version-${ring}`}>
        {versions.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      <button type="submit" disabled={versions.length === 0} data-testid={`pin-${ring}`}>
        {t('updates.rings.pinAction')}
      </button>
      {pinned && (
        <button type="button" onClick={() => onPin(null)} data-testid={`unpin-${ring}`}>
          {t('updates.rings.unpinAction')}
        </button>
      )}
    </form>
  );
}

function ReleasesTable({ releases, act }: { releases: ReleaseSummary[]; act: Act }) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const megabytes = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 });
  const sorted = [...releases].sort((a, b) => b.uploadedAt - a.uploadedAt);
  return (
    <section className="panel" aria-labelledby="updates-releases-heading">
      <h2 id="updates-releases-heading">{t('updates.releases.heading')}</h2>
      <p className="hint">{t('updates.releases.uploadHint')}</p>
      <table className="data" data-testid="releases-table">
        <caption>{t('updates.releases.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('updates.releases.version')}</th>
            <th scope="col">{t('updates.releases.platform')}</th>
            <th scope="col">{t('updates.releases.uploadedAt')}</th>
            <th scope="col" className="num">
              {t('updates.releases.size')}
            </th>
            <th scope="col">{t('updates.releases.everyone')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 && (
            <tr>
              <td colSpan={5}>{t('updates.releases.none')}</td>
            </tr>
          )}
          {sorted.map((release) => (
            <tr key={`${release.version}-${release.platform}`} data-testid="release-row" data-version={release.version}>
              <th scope="row">{release.version}</th>
              <td>{t(`updates.platforms.${release.platform}`)}</td>
              <td className="nowrap">{formatDateTime(release.uploadedAt)}</td>
              <td className="num">{t('updates.releases.megabytes', { size: megabytes.format(release.files.reduce((sum, f) => sum + f.size, 0) / 1_048_576) })}</td>
              <td>
                {release.promotedAt !== null ? (
                  t('updates.releases.promotedAt', { at: formatDateTime(release.promotedAt) })
                ) : (
                  <button type="button" data-testid={`promote-${release.version}`} onClick={() => void act(() => api.promoteRelease(release.version), t('updates.releases.promotedNow', { version: release.version }))}>
                    {t('updates.releases.promote')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A unit (with the units under it) or one kiosk into a ring, or back to what it inherits. */
function RingAssignment({ units, kiosks, act }: { units: UnitNode[]; kiosks: DeviceUpdaterState[]; act: Act }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const [target, setTarget] = useState(units[0] ? `unit:${units[0].id}` : '');
  const [ring, setRing] = useState<ReleaseRing | 'inherit'>('pilot');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [kind, ...rest] = target.split(':');
    const value = rest.join(':');
    if (!value) return;
    const label = kind === 'unit' ? (units.find((u) => u.id === value)?.name ?? value) : (kiosks.find((k) => k.deviceId === value)?.name ?? value);
    void act(
      () => api.assignRing({ target: kind === 'unit' ? { unitId: value } : { deviceId: value }, ring: ring === 'inherit' ? null : ring }),
      t('updates.assign.done', { target: label, ring: t(`updates.ringNames.${ring}`) }),
    );
  };
  return (
    <form className="panel form-panel form-grid" onSubmit={submit} data-testid="ring-assignment">
      <h2>{t('updates.assign.heading')}</h2>
      <div className="field">
        <label htmlFor={`${id}-target`}>{t('updates.assign.target')}</label>
        <select id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value)}>
          <optgroup label={t('updates.assign.units')}>
            {units.map((unit) => (
              <option key={unit.id} value={`unit:${unit.id}`}>
                {unit.name}
              </option>
            ))}
          </optgroup>
          {kiosks.length > 0 && (
            <optgroup label={t('updates.assign.kiosks')}>
              {kiosks.map((kiosk) => (
                <option key={kiosk.deviceId} value={`device:${kiosk.deviceId}`}>
                  {kiosk.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-ring`}>{t('updates.rings.ring')}</label>
        <select id={`${id}-ring`} value={ring} onChange={(e) => setRing(e.target.value as ReleaseRing | 'inherit')}>
          {[...RINGS, 'inherit' as const].map((r) => (
            <option key={r} value={r}>
              {t(`updates.ringNames.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('updates.assign.save')}
        </button>
      </div>
    </form>
  );
}

function KiosksTable({ kiosks, unitName }: { kiosks: DeviceUpdaterState[]; unitName: (id: string) => string }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="updates-kiosks-heading">
      <h2 id="updates-kiosks-heading">{t('updates.kiosks.heading')}</h2>
      <table className="data" data-testid="kiosk-updaters">
        <caption>{t('updates.kiosks.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('updates.kiosks.kiosk')}</th>
            <th scope="col">{t('updates.kiosks.unit')}</th>
            <th scope="col">{t('updates.kiosks.running')}</th>
            <th scope="col">{t('updates.kiosks.state')}</th>
            <th scope="col">{t('updates.kiosks.reportedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {kiosks.length === 0 && (
            <tr>
              <td colSpan={5}>{t('updates.kiosks.none')}</td>
            </tr>
          )}
          {kiosks.map((kiosk) => (
            <tr key={kiosk.deviceId} data-testid="kiosk-updater" data-device={kiosk.deviceId}>
              <th scope="row">{kiosk.name}</th>
              <td>{unitName(kiosk.unitId)}</td>
              <td>{kiosk.appVersion}</td>
              <td>{updaterText(kiosk, t)}</td>
              <td className="nowrap">{kiosk.reportedAt === null ? '–' : formatDateTime(kiosk.reportedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function updaterText(kiosk: DeviceUpdaterState, t: ReturnType<typeof useTranslation>['t']): string {
  const updater = kiosk.updater;
  if (!updater) return t('updates.kiosks.noReport');
  const phase = t(`updates.phases.${updater.phase}`, { version: updater.version ?? '', percent: updater.percent ?? 0 });
  const waiting = updater.waitingFor ? ` — ${t(`updates.waitingFor.${updater.waitingFor}`)}` : '';
  const error = updater.error ? ` — ${updater.error}` : '';
  return `${phase}${waiting}${error}`;
}
