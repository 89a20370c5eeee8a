import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IssuedCode } from '../../../../shared/console/fleet';
import { ApiError, asApiError } from '../../api/client';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { saveFile } from '../../components/save-file';
import { PageHeading } from '../../components/PageHeading';
import { formatDateTime } from '../../format/numbers';
import { useSession } from '../../session/session';
import { unitsInTreeOrder } from '../unit-tree';

/**
 * Enrolment codes for many counters at once: a unit's counters (all, or those ticked), shown once
 * as a table and as a sheet with a QR per counter that the browser prints (or saves as PDF), or
 * exported as one provisioning file per kiosk (a ZIP) for the installer.
 */
export function EnrolmentPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const units = useApiData('units', (signal) => api.units(signal));
  const fleet = useApiData('fleet', (signal) => api.fleet(signal));
  const [unitId, setUnitId] = useState('');
  const [unticked, setUnticked] = useState<Set<string>>(new Set());
  const [days, setDays] = useState('7');
  const [codes, setCodes] = useState<IssuedCode[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [serverUrl, setServerUrl] = useState(() => window.location.origin);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const unitList = units.state === 'ready' ? units.data : [];
  const counters = fleet.state === 'ready' ? fleet.data.counters.filter((counter) => counter.unitId === unitId) : [];
  const unitName = unitList.find((unit) => unit.id === unitId)?.name ?? '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const chosen = counters.filter((counter) => !unticked.has(counter.id)).map((counter) => counter.id);
      setCodes(await api.enrolmentCodes(unitId, unticked.size === 0 ? null : chosen, Number(days)));
      setExportError(null);
      setExported(null);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const exportFiles = async (event: FormEvent) => {
    event.preventDefault();
    if (!codes) return;
    setExporting(true);
    setExportError(null);
    setExported(null);
    try {
      const { blob, fileName } = await api.provisioningFiles({ unitId, serverUrl: serverUrl.normalize('NFC').trim(), codes: codes.map((code) => code.code) });
      saveFile(blob, fileName);
      setExported(fileName);
    } catch (caught) {
      setExportError(asApiError(caught));
    } finally {
      setExporting(false);
    }
  };
  return (
    <div className="enrolment-page">
      <PageHeading title={t('fleet.enrolment.title')} />
      <p className="hint no-print">{t('fleet.enrolment.intro')}</p>
      {fleet.state === 'loading' && <Loading />}
      <form className="form-grid no-print" onSubmit={submit} data-testid="enrolment-form">
        <div className="field wide">
          <label htmlFor={`${id}-unit`}>{t('fleet.columns.unit')}</label>
          <select id={`${id}-unit`} value={unitId} onChange={(e) => (setUnitId(e.target.value), setUnticked(new Set()), setCodes(null))} required>
            <option value="">{t('fleet.pairing.chooseUnit')}</option>
            {unitsInTreeOrder(unitList).map(({ unit, depth }) => (
              <option key={unit.id} value={unit.id}>
                {'\u00a0\u00a0'.repeat(depth)}
                {unit.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-days`}>{t('fleet.enrolment.days')}</label>
          <input id={`${id}-days`} type="number" min={1} max={90} value={days} onChange={(e) => setDays(e.target.value)} required />
        </div>
        {counters.length > 0 && (
          <fieldset className="field wide counter-choice">
            <legend>{t('fleet.enrolment.counters')}</legend>
            {counters.map((counter) => (
              <label key={counter.id} className="checkbox-line">
                <input
                  type="checkbox"
                  checked={!unticked.has(counter.id)}
                  onChange={() =>
                    setUnticked((current) => {
                      const next = new Set(current);
                      if (next.has(counter.id)) next.delete(counter.id);
                      else next.add(counter.id);
                      return next;
                    })
                  }
                />{' '}
                {counter.name} · {t(`deskRole.${counter.deskRole}`, { defaultValue: counter.deskRole })}
              </label>
            ))}
          </fieldset>
        )}
        {error && <ErrorNotice error={error} />}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!unitId}>
            {t('fleet.enrolment.make')}
          </button>
        </div>
      </form>
      {codes && (
        <section className="code-sheet" aria-label={t('fleet.enrolment.sheet')} data-testid="code-sheet">
          <p className="no-print notice notice-ok" role="status">
            {t('fleet.enrolment.made', { count: codes.length })}{' '}
            <button type="button" onClick={() => window.print()}>
              {t('fleet.enrolment.print')}
            </button>
          </p>
          <form className="provisioning-export no-print" onSubmit={exportFiles} data-testid="provisioning-export">
            <h3>{t('fleet.enrolment.files.title')}</h3>
            <p className="hint">{t('fleet.enrolment.files.hint')}</p>
            <div className="form-grid">
              <div className="field wide">
                <label htmlFor={`${id}-server`}>{t('fleet.enrolment.files.serverUrl')}</label>
                <input
                  id={`${id}-server`}
                  type="url"
                  value={serverUrl}
                  onChange={(e) => setServerUrl(e.target.value)}
                  aria-describedby={`${id}-server-hint`}
                  required
                  spellCheck={false}
                />
                <span id={`${id}-server-hint`} className="hint">
                  {t('fleet.enrolment.files.serverUrlHint')}
                </span>
              </div>
            </div>
            {exportError && <ErrorNotice error={exportError} />}
            {exported && (
              <p className="notice notice-ok" role="status">
                {t('fleet.enrolment.files.saved', { file: exported, count: codes.length })}
              </p>
            )}
            <div className="form-actions">
              <button type="submit" disabled={exporting}>
                {exporting ? t('fleet.enrolment.files.making') : t('fleet.enrolment.files.export')}
              </button>
            </div>
          </form>
          <h2>{t('fleet.enrolment.sheetTitle', { unit: unitName })}</h2>
          <ul className="code-cards">
            {codes.map((code) => (
              <li key={code.counterId} className="code-card" data-testid="code-card">
                {/* The server made this SVG from the code alone (qrcode): no text of ours inside. */}
                <div className="qr" dangerouslySetInnerHTML={{ __html: code.qrSvg }} />
                <div>
                  <div className="code-counter">{code.counterName}</div>
                  <div className="row-detail">{t(`deskRole.${code.deskRole}`, { defaultValue: code.deskRole })}</div>
                  <div className="code">{code.code}</div>
                  <div className="row-detail">{t('fleet.enrolment.validUntil', { at: formatDateTime(code.expiresAt) })}</div>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
