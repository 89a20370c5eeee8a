/**
 * Fleet alerts by e-mail (docs/fleet.md "Alerts"): after each round of the alert watch, the alerts
 * opened since the last message go to the recipients IT staff named, in one message (an outage of
 * a whole building is one e-mail, not two hundred), through the province's relay (server/mail).
 * Each alert is mailed once: it is marked mailed, or marked with the relay's error, and never
 * sent again while it lasts. Without recipients or without a relay, alerts stay in the console.
 */
import type { AlertKind } from '../../shared/console/fleet';
import type { ServerDb } from '../db/connect';
import type { SecretKeyRing } from '../secret-keys';
import { readRelay, sendThroughRelay, DEFAULT_MAIL_TIMEOUTS, type MailTimeouts } from '../mail/relay';
import { readFleetAlertSettings } from './fleet-settings';

/** At most this many alerts are listed in one message; the rest wait for the next round. */
const ALERTS_PER_MESSAGE = 200;

const KIND_TEXT: Record<AlertKind, { vi: string; en: string }> = {
  offline: { vi: 'Mất kết nối trong giờ làm việc', en: 'Offline during opening hours' },
  backlog: { vi: 'Đánh giá chờ gửi quá lâu', en: 'Ratings waiting too long' },
  clock: { vi: 'Đồng hồ lệch quá 2 phút', en: 'Clock off by more than 2 minutes' },
  roster_not_applied: { vi: 'Chưa áp dụng danh sách cán bộ', en: 'Roster not applied' },
  settings_not_applied: { vi: 'Chưa áp dụng cài đặt', en: 'Settings not applied' },
  disk: { vi: 'Ổ đĩa sắp đầy', en: 'Disk almost full' },
};

const VIETNAM_TIME = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' });

interface PendingAlert {
  id: number;
  kind: AlertKind;
  startedAt: number;
  deviceName: string;
  unitName: string;
}

export function alertMessage(alerts: PendingAlert[]): { subject: string; text: string } {
  const line = (alert: PendingAlert, language: 'vi' | 'en') =>
    `- ${alert.deviceName} (${alert.unitName}): ${KIND_TEXT[alert.kind]?.[language] ?? alert.kind}, ${language === 'vi' ? 'từ' : 'since'} ${VIETNAM_TIME.format(alert.startedAt)}`;
  return {
    subject: `[Nụ cười] ${alerts.length} cảnh báo kiosk mới / ${alerts.length} new kiosk alert(s)`,
    text: [
      'Các kiosk sau cần được kiểm tra:',
      ...alerts.map((alert) => line(alert, 'vi')),
      '',
      'Cảnh báo tự kết thúc khi kiosk hoạt động bình thường trở lại. Xem trang Kiosk của bảng điều khiển.',
      '',
      '---',
      'These kiosks need attention:',
      ...alerts.map((alert) => line(alert, 'en')),
      '',
      'An alert ends by itself when the kiosk recovers. See the console’s Kiosks page.',
    ].join('\n'),
  };
}

/** Mails the open alerts not mailed yet; answers how many were mailed and the relay's error, if any. */
export async function mailNewAlerts(db: ServerDb, keys: SecretKeyRing, now: number, timeouts: MailTimeouts = DEFAULT_MAIL_TIMEOUTS): Promise<{ mailed: number; error: string | null }> {
  const settings = await readFleetAlertSettings(db);
  if (settings.alertEmails.length === 0) return { mailed: 0, error: null };
  const relay = await readRelay(db, keys);
  if (!relay) return { mailed: 0, error: null };
  const rows = await db
    .selectFrom('fleet_alerts as a')
    .innerJoin('devices as d', 'd.id', 'a.device_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .select(['a.id', 'a.kind', 'a.started_at', 'd.name as device_name', 'u.name as unit_name'])
    .where('a.ended_at', 'is', null)
    .where('a.mailed_at', 'is', null)
    .where('a.mail_error', 'is', null)
    .orderBy('a.started_at')
    .orderBy('a.id')
    .limit(ALERTS_PER_MESSAGE)
    .execute();
  if (rows.length === 0) return { mailed: 0, error: null };
  const alerts = rows.map((row) => ({ id: Number(row.id), kind: row.kind as AlertKind, startedAt: row.started_at, deviceName: row.device_name, unitName: row.unit_name }));
  const ids = alerts.map((alert) => alert.id);
  const { subject, text } = alertMessage(alerts);
  try {
    await sendThroughRelay(relay, { to: settings.alertEmails.join(', '), subject, text, attachments: [] }, timeouts);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
    await db.updateTable('fleet_alerts').set({ mail_error: message }).where('id', 'in', ids).execute();
    return { mailed: 0, error: message };
  }
  await db.updateTable('fleet_alerts').set({ mailed_at: now }).where('id', 'in', ids).execute();
  return { mailed: ids.length, error: null };
}
