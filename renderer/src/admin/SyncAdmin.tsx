import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { SyncStatus } from '../../../shared/sync-status';
import { kiosk } from '../kiosk';

/** The admin route: `#admin` in the address (web host, development). Citizens never see it. */
export function isAdminRoute(): boolean {
  return window.location.hash === '#admin';
}

/** Renders the IT staff's sync panel on the admin route, the kiosk otherwise. */
export function AdminOr({ app }: { app: ReactNode }) {
  return isAdminRoute() ? <SyncAdmin /> : <>{app}</>;
}

function time(at: number | null): string {
  return at === null ? '—' : new Date(at).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
}

function age(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  return minutes < 120 ? `${minutes} phút` : `${Math.round(minutes / 60)} giờ`;
}

/** IT staff: enrol this kiosk with the provincial server and watch its sync (docs/sync.md). */
export function SyncAdmin() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [replace, setReplace] = useState(false);

  useEffect(() => {
    let live = true;
    const refresh = () =>
      void kiosk.getSyncStatus().then((result) => {
        if (!live) return;
        if (result.ok) setStatus(result.value);
        else setMessage(result.error.message);
      });
    refresh();
    const timer = setInterval(refresh, 2_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  const enrol = async (event: FormEvent) => {
    event.preventDefault();
    const result = await kiosk.enrollDevice({ serverUrl, enrollmentCode: code, ...(replace ? { replace } : {}) });
    if (result.ok) {
      setStatus(result.value);
      setMessage('Đã gửi yêu cầu đăng ký (enrolment queued)');
      setCode('');
    } else {
      setMessage(result.error.message);
    }
  };

  const rows: [string, ReactNode][] = status
    ? [
        ['Trạng thái (phase)', status.phase],
        ['Máy chủ (server)', status.serverUrl ?? '—'],
        ['Mã thiết bị (device id)', status.serverDeviceId ?? '—'],
        ['Đơn vị (unit)', status.unitId ?? '—'],
        ['Chưa gửi (pending)', status.pendingCount],
        ['Lâu nhất chưa gửi (oldest pending)', age(status.oldestPendingAgeMs)],
        ['Bị giữ lại (quarantined)', status.quarantinedCount],
        ['Gửi thành công lần cuối (last success)', time(status.lastSuccessAt)],
        ['Lỗi gần nhất (last error)', status.lastError ? `${time(status.lastError.at)}: ${status.lastError.message}` : '—'],
        ['Lệch đồng hồ (clock offset)', status.clockOffsetMs === null ? '—' : `${status.clockOffsetMs} ms`],
        ['Lưu khóa thiết bị (secret storage)', status.secretStorage],
        ['Lỗi đăng ký (enrolment error)', status.enrolment.error?.message ?? '—'],
      ]
    : [];

  return (
    <main className="sync-admin" lang="vi">
      <h1>Đồng bộ với máy chủ tỉnh</h1>
      <table>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {status && status.quarantined.length > 0 && (
        <ul aria-label="quarantined ratings">
          {status.quarantined.map((q) => (
            <li key={q.id}>
              #{q.seq} {q.id}: {q.reason}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => void enrol(event)}>
        <label>
          Địa chỉ máy chủ (server URL)
          <input value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="https://…" required />
        </label>
        <label>
          Mã đăng ký (enrolment code)
          <input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" required />
        </label>
        {status?.enrolled && (
          <label>
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> Đăng ký lại (replace the enrolment)
          </label>
        )}
        <button type="submit">Đăng ký (enrol)</button>
      </form>
      {message && <p role="status">{message}</p>}
    </main>
  );
}
