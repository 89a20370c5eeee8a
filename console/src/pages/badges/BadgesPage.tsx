import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BadgeSheetRequest, BadgeStaff, ReissuedBadge } from '../../../../shared/console/badges';
import { ApiError, asApiError } from '../../api/client';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { saveFile } from '../../components/save-file';
import { PageHeading } from '../../components/PageHeading';
import { useSession } from '../../session/session';
import { PIN_ROLES } from '../../../../shared/console/constants';
import { formatDateTime } from '../../format/numbers';
import { unitsInTreeOrder } from '../unit-tree';

/**
 * Badges of a unit's staff (docs/badges.md "In the console"): reissue an officer's badge (after a
 * confirm; the new code is shown once, to print) and download badge sheets as PDF for the unit or
 * for the officers ticked. IT staff and the province for every unit, a unit head for their units;
 * the server checks the scope and audits each reissue and sheet.
 */
export function BadgesPage() {
  const { t } = useTranslation();
  const { api, user } = useSession();
  const setsPins = (PIN_ROLES as readonly string[]).includes(user.role);
  const id = useId();
  const [pinFor, setPinFor] = useState<BadgeStaff | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const units = useApiData('units', (signal) => api.units(signal));
  const [unitId, setUnitId] = useState('');
  const staff = useApiData(`badges:${unitId}`, (signal) => (unitId ? api.unitBadges(unitId, signal) : Promise.resolve(null)));
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [reissued, setReissued] = useState<ReissuedBadge | null>(null);
  const [making, setMaking] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const unitList = units.state === 'ready' ? units.data : [];
  const members = staff.state === 'ready' && staff.data ? staff.data.staff : [];

  const chooseUnit = (next: string) => {
    setPinFor(null);
    setNotice(null);
    setUnitId(next);
    setTicked(new Set());
    setReissued(null);
    setError(null);
  };
  const toggle = (staffId: string) =>
    setTicked((current) => {
      const next = new Set(current);
      if (next.has(staffId)) next.delete(staffId);
      else next.add(staffId);
      return next;
    });
  const reissue = async (member: BadgeStaff) => {
    if (!window.confirm(t('badges.reissueConfirm', { name: member.fullName, id: member.staffId }))) return;
    setError(null);
    setReissued(null);
    try {
      setReissued(await api.reissueBadge(member.staffId));
      staff.reload();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const uploadPhoto = async (member: BadgeStaff, file: File) => {
    setError(null);
    setNotice(null);
    try {
      await api.uploadStaffPhoto(member.staffId, file);
      setNotice(t('badges.photo.saved', { name: member.fullName }));
      staff.reload();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const sheet = async (request: BadgeSheetRequest, what: string) => {
    setMaking(what);
    setError(null);
    try {
      const { blob, fileName } = await api.badgeSheet(request);
      saveFile(blob, fileName);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setMaking(null);
    }
  };

  return (
    <div className="badges-page">
      <PageHeading title={t('badges.title')} />
      <p className="hint">{t('badges.intro')}</p>
      <div className="filters">
        <div className="field wide">
          <label htmlFor={`${id}-unit`}>{t('badges.unit')}</label>
          <select id={`${id}-unit`} value={unitId} onChange={(e) => chooseUnit(e.target.value)} data-testid="badges-unit">
            <option value="">{t('badges.chooseUnit')}</option>
            {unitsInTreeOrder(unitList).map(({ unit, depth }) => (
              <option key={unit.id} value={unit.id}>
                {'\u00a0\u00a0'.repeat(depth)}
                {unit.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && <ErrorNotice error={error} />}
      {notice && (
        <p className="notice notice-ok" role="status">
          {notice}
        </p>
      )}
      {pinFor && (
        <PinForm
          member={pinFor}
          onDone={(message) => {
            setPinFor(null);
            setNotice(message);
            staff.reload();
          }}
          onCancel={() => setPinFor(null)}
        />
      )}
      {reissued && (
        <section className="panel reissued-badge" role="status" aria-labelledby={`${id}-new`} data-testid="reissued-badge">
          <h2 id={`${id}-new`}>{t('badges.newBadge', { name: reissued.fullName })}</h2>
          <p className="hint">{t('badges.shownOnce')}</p>
          <div className="qr" dangerouslySetInnerHTML={{ __html: reissued.qrSvg }} />
          <p>
            <code data-testid="reissued-code">{reissued.code}</code> · {t('badges.issue', { issue: reissued.issue })}
          </p>
          <div className="button-row">
            <button type="button" onClick={() => void sheet({ unitId, staffIds: [reissued.staffId] }, 'one')} disabled={making !== null} aria-busy={making === 'one'}>
              {making === 'one' ? t('badges.making') : t('badges.printThis')}
            </button>
            <button type="button" onClick={() => setReissued(null)}>
              {t('badges.hideCode')}
            </button>
          </div>
        </section>
      )}
      {staff.state === 'loading' && unitId && <Loading />}
      {staff.state === 'failed' && <ErrorNotice error={staff.error} />}
      {unitId && staff.state === 'ready' && staff.data && (
        <section className="panel" aria-labelledby={`${id}-staff`}>
          <h2 id={`${id}-staff`}>{t('badges.staffOf', { unit: staff.data.unitName, count: members.length })}</h2>
          <div className="button-row">
            <button type="button" onClick={() => void sheet({ unitId }, 'unit')} disabled={making !== null} aria-busy={making === 'unit'} data-testid="badges-sheet-unit">
              {making === 'unit' ? t('badges.making') : t('badges.sheetUnit')}
            </button>
            <button type="button" onClick={() => void sheet({ unitId, staffIds: [...ticked] }, 'chosen')} disabled={making !== null || ticked.size === 0} aria-busy={making === 'chosen'} data-testid="badges-sheet-chosen">
              {making === 'chosen' ? t('badges.making') : t('badges.sheetChosen', { count: ticked.size })}
            </button>
          </div>
          <table className="data dense" data-testid="badges-table">
            <caption className="visually-hidden">{t('badges.staffOf', { unit: staff.data.unitName, count: members.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('badges.columns.choose')}</th>
                <th scope="col">{t('badges.columns.name')}</th>
                <th scope="col">{t('badges.columns.id')}</th>
                <th scope="col">{t('badges.columns.title')}</th>
                <th scope="col" className="num">{t('badges.columns.issue')}</th>
                <th scope="col">{t('badges.columns.pin')}</th>
                <th scope="col">{t('badges.columns.photo')}</th>
                <th scope="col">{t('badges.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.staffId} data-testid={`badge-row-${member.staffId}`}>
                  <td>
                    <input
                      type="checkbox"
                      checked={ticked.has(member.staffId)}
                      onChange={() => toggle(member.staffId)}
                      disabled={!member.active}
                      aria-label={t('badges.chooseOne', { name: member.fullName })}
                    />
                  </td>
                  <th scope="row">
                    {member.fullName}
                    {!member.active && <span className="row-detail">{t('badges.inactive')}</span>}
                  </th>
                  <td>{member.staffId}</td>
                  <td>{member.title}</td>
                  <td className="num">{member.issue}</td>
                  <td>
                    {member.hasPin ? t('badges.pin.set') : t('badges.pin.none')}
                    {member.pinSetAt !== null && (
                      <span className="row-detail">
                        {member.pinSetAtKiosk
                          ? t(member.hasPin ? 'badges.pin.setAtKiosk' : 'badges.pin.clearedAtKiosk', { time: formatDateTime(member.pinSetAt) })
                          : formatDateTime(member.pinSetAt)}
                      </span>
                    )}
                  </td>
                  <td>
                    {member.hasPhoto ? t('badges.photo.set') : t('badges.photo.none')}
                    <label className="button-link file-button">
                      {t('badges.photo.upload')}
                      <input
                        type="file"
                        accept="image/jpeg,image/png"
                        className="visually-hidden"
                        data-testid={`photo-${member.staffId}`}
                        onChange={(e) => {
                          const file = e.target.files?.[0];
                          e.target.value = '';
                          if (file) void uploadPhoto(member, file);
                        }}
                      />
                    </label>
                  </td>
                  <td>
                    <div className="button-row">
                      <button type="button" onClick={() => void reissue(member)} disabled={!member.active} data-testid={`reissue-${member.staffId}`}>
                        {t('badges.reissue')}
                      </button>
                      {setsPins && (
                        <button type="button" onClick={() => (setNotice(null), setPinFor(member))} disabled={!member.active} data-testid={`pin-${member.staffId}`}>
                          {t('badges.pin.open')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

/**
 * An officer's PIN, typed twice (never shown, never kept in the page after it is sent): 4 to 8
 * digits, not one digit repeated — the server checks the same rules and says why in the user's
 * language. Clearing it leaves the officer to log in with their badge.
 */
function PinForm({ member, onDone, onCancel }: { member: BadgeStaff; onDone: (message: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (pin !== again) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    try {
      await api.setStaffPin(member.staffId, pin);
      setPin('');
      setAgain('');
      onDone(t('badges.pin.saved', { name: member.fullName }));
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const clear = async () => {
    if (!window.confirm(t('badges.pin.clearConfirm', { name: member.fullName }))) return;
    try {
      await api.clearStaffPin(member.staffId);
      onDone(t('badges.pin.cleared', { name: member.fullName }));
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('badges.pin.title', { name: member.fullName })}</h2>
      <p className="hint">{t('badges.pin.rules')}</p>
      <form className="form-grid" onSubmit={submit} data-testid="pin-form">
        <div className="field">
          <label htmlFor={`${id}-pin`}>{t('badges.pin.new')}</label>
          <input id={`${id}-pin`} type="password" inputMode="numeric" autoComplete="off" pattern="[0-9]{4,8}" maxLength={8} value={pin} onChange={(e) => setPin(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor={`${id}-again`}>{t('badges.pin.again')}</label>
          <input id={`${id}-again`} type="password" inputMode="numeric" autoComplete="off" pattern="[0-9]{4,8}" maxLength={8} value={again} onChange={(e) => setAgain(e.target.value)} required aria-invalid={mismatch} />
        </div>
        {mismatch && (
          <p className="notice notice-error" role="alert">
            {t('badges.pin.mismatch')}
          </p>
        )}
        {error && <ErrorNotice error={error} />}
        <div className="button-row">
          <button type="submit">{t('badges.pin.save')}</button>
          {member.hasPin && (
            <button type="button" className="danger" onClick={() => void clear()}>
              {t('badges.pin.clear')}
            </button>
          )}
          <button type="button" onClick={onCancel}>
            {t('badges.pin.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
