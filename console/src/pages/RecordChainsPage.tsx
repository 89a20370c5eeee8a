import { useTranslation } from 'react-i18next';
import type { DeviceChainView } from '../../../shared/console/record-chain';
import { useApiData } from '../api/use-api';
import { ErrorNotice, Loading } from '../components/Notices';
import { PageHeading } from '../components/PageHeading';
import { formatCount, formatDateTime, languageOf } from '../format/numbers';
import { useSession } from '../session/session';

/**
 * Each kiosk's record chain (docs/integrity.md "The record chain"): complete, broken — each break
 * with its seqs, the missing range for a gap — or unchained (a kiosk of an older revision). One
 * dense table, broken chains first.
 */
export function RecordChainsPage() {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const language = languageOf(i18n.language);
  const chains = useApiData('record-chains', (signal) => api.recordChains(signal));
  const order = { broken: 0, unchained: 1, complete: 2 } as const;
  return (
    <div className="record-chains-page">
      <PageHeading title={t('recordChains.title')} />
      <p className="hint">{t('recordChains.intro')}</p>
      {chains.state === 'loading' && <Loading />}
      {chains.state === 'failed' && <ErrorNotice error={chains.error} />}
      {chains.state === 'ready' &&
        (chains.data.devices.length === 0 ? (
          <p>{t('recordChains.none')}</p>
        ) : (
          <table className="data-table" data-testid="record-chains">
            <caption className="visually-hidden">{t('recordChains.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('recordChains.kiosk')}</th>
                <th scope="col">{t('recordChains.state')}</th>
                <th scope="col" className="numeric">{t('recordChains.records')}</th>
                <th scope="col">{t('recordChains.seqs')}</th>
                <th scope="col">{t('recordChains.start')}</th>
                <th scope="col">{t('recordChains.breaks')}</th>
                <th scope="col" className="numeric">{t('recordChains.refused')}</th>
              </tr>
            </thead>
            <tbody>
              {[...chains.data.devices]
                .sort((a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name))
                .map((device) => (
                  <tr key={device.deviceId} data-testid={`chain-${device.deviceId}`}>
                    <th scope="row">
                      {device.name}
                      {device.retired && ` (${t('recordChains.retired')})`}
                    </th>
                    <td>{t(`recordChains.states.${device.state}`)}</td>
                    <td className="numeric">{formatCount(device.records, language)}</td>
                    <td>{device.firstSeq === null ? '—' : `${device.firstSeq}–${device.lastSeq}`}</td>
                    <td>{startText(device, t)}</td>
                    <td>
                      {device.breaks.length === 0
                        ? '—'
                        : device.breaks.map((b) => (
                            <div key={b.afterSeq}>
                              {b.kind === 'missing'
                                ? t('recordChains.missing', { from: b.missingFrom, to: b.missingTo, at: formatDateTime(b.detectedAt) })
                                : t('recordChains.altered', { seq: b.afterSeq, next: b.beforeSeq, at: formatDateTime(b.detectedAt) })}
                            </div>
                          ))}
                    </td>
                    <td className="numeric">{formatCount(device.refusedAttempts, language)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}

function startText(device: DeviceChainView, t: (key: string, options?: Record<string, unknown>) => string): string {
  const start = device.start;
  if (start === null) return '—';
  if (start.kind === 'continues') return t('recordChains.starts.continues', { kiosk: start.deviceName ?? start.deviceId, seq: start.seq });
  if (start.kind === 'after_unchained') return t('recordChains.starts.after_unchained', { seq: start.seq });
  return t(`recordChains.starts.${start.kind}`);
}
