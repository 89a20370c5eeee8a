import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncPhase, SyncStatus } from '../../../shared/sync-status';
import { initI18n } from '../../../renderer/src/i18n';
import en from '../../../renderer/src/i18n/locales/en.json';
import vi from '../../../renderer/src/i18n/locales/vi.json';

const i18n = initI18n();
type Panel = typeof import('../../../renderer/src/admin/SyncAdmin');
let panel: Panel;

beforeAll(async () => {
  const api = new Proxy({}, { get: () => async () => ({ ok: false, error: { code: 'internal', message: 'x' } }) });
  (globalThis as unknown as { window: unknown }).window = { location: { hash: '#admin' }, kiosk: api };
  panel = await import('../../../renderer/src/admin/SyncAdmin');
});

afterEach(async () => {
  (globalThis as unknown as { window: { location: { hash: string } } }).window.location.hash = '#admin';
  await i18n.changeLanguage('vi');
});

/** Every phase the engine reports (a new one fails to compile here until it is added). */
const PHASES: Record<SyncPhase, true> = { not_enrolled: true, enrolling: true, idle: true, syncing: true, retrying: true, storage_unavailable: true };

const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  phase: 'idle',
  enrolled: true,
  serverUrl: 'https://nucuoi.example.vn',
  serverDeviceId: 'dev-1',
  unitId: 'unit-1',
  enrolledAt: 0,
  serverSignsAnswers: true,
  enrolment: { pending: false, source: 'admin', error: null },
  secretStorage: 'safeStorage',
  secretStorageProtected: true,
  pendingCount: 12_345,
  oldestPendingAgeMs: 5 * 60_000,
  quarantinedCount: 0,
  quarantined: [],
  lastSuccessAt: null,
  lastError: null,
  consecutiveFailures: 0,
  nextAttemptAt: null,
  clockOffsetMs: -1_500,
  pairing: null,
  counter: { id: 'counter-1', assignedBy: 'server', choices: [] },
  versions: { roster: null, settings: null },
  ...over,
});

/** The rows as plain text: label → value. */
const rowsOf = (s: SyncStatus) => Object.fromEntries(panel.statusRows(s, i18n.t, i18n.language).map(([label, value]) => [label, String(value)]));

describe('the IT staff sync panel (renderer/src/admin)', () => {
  it('is shown only on the #admin route, with the enrolment form, in Vietnamese first', () => {
    const { AdminOr, isAdminRoute } = panel;
    expect(isAdminRoute()).toBe(true);
    const html = renderToStaticMarkup(<AdminOr app={<p>citizen screen</p>} />);
    expect(html).toContain('lang="vi"');
    expect(html).toContain('Đồng bộ với máy chủ tỉnh');
    expect(html).toContain('Đăng ký thiết bị');
    expect(html).toContain('Địa chỉ máy chủ');
    expect(html).toContain('Mã đăng ký');
    expect(html).toContain('>English</button>');
    // One language at a time: no English label beside the Vietnamese one any more.
    expect(html).not.toContain('Enrolment code');
    expect(html).not.toContain('admin.sync.');
    expect(html).not.toContain('citizen screen');
    (globalThis as unknown as { window: { location: { hash: string } } }).window.location.hash = '';
    expect(renderToStaticMarkup(<AdminOr app={<p>citizen screen</p>} />)).toBe('<p>citizen screen</p>');
  });

  it('follows the current language: English when switched', async () => {
    await i18n.changeLanguage('en');
    const html = renderToStaticMarkup(<panel.AdminOr app={<p>citizen screen</p>} />);
    expect(html).toContain('lang="en"');
    expect(html).toContain('Sync with the provincial server');
    expect(html).toContain('Enrol this device');
    expect(html).toContain('Server address');
    expect(html).toContain('Enrolment code');
    expect(html).toContain('>Tiếng Việt</button>');
    expect(html).not.toContain('Mã đăng ký');
    expect(html).not.toContain('admin.sync.');
  });

  it('labels every line and every phase in both languages', async () => {
    for (const language of ['vi', 'en'] as const) {
      await i18n.changeLanguage(language);
      const texts = language === 'vi' ? vi.admin.sync : en.admin.sync;
      for (const phase of Object.keys(PHASES) as SyncPhase[]) {
        const rows = rowsOf(status({ phase }));
        expect(rows[texts.status], `${language} ${phase}`).toBe(texts.phase[phase]);
      }
      const rows = rowsOf(status());
      expect(Object.keys(rows)).toHaveLength(13);
      expect(rows[texts.serverSignsAnswers]).toBe(texts.yes);
      expect(rowsOf(status({ serverSignsAnswers: false }))[texts.serverSignsAnswers]).toBe(texts.no);
      expect(rows[texts.secretStorage]).toBe('safeStorage');
      const unprotected = rowsOf(status({ secretStorageProtected: false, secretStorage: 'basic_text' }))[texts.secretStorage];
      expect(unprotected).toBe(`${texts.secretNotProtected} (basic_text)`);
      for (const [label, value] of Object.entries(rows)) {
        expect(label, language).not.toMatch(/^admin\./);
        expect(value, `${language} ${label}`).not.toMatch(/admin\.sync\./);
      }
    }
  });

  it('writes counts, ages and the clock offset the way each language does', async () => {
    const vnRows = rowsOf(status());
    expect(vnRows['Số đánh giá chờ gửi']).toBe('12.345');
    expect(vnRows['Thời gian chờ gửi lâu nhất']).toBe('5 phút');
    expect(vnRows['Độ lệch đồng hồ']).toBe('-1.500 ms');
    expect(vnRows['Lỗi gần nhất']).toBe('—');
    expect(rowsOf(status({ oldestPendingAgeMs: 119 * 60_000 }))['Thời gian chờ gửi lâu nhất']).toBe('119 phút');
    expect(rowsOf(status({ oldestPendingAgeMs: 3 * 3_600_000 }))['Thời gian chờ gửi lâu nhất']).toBe('3 giờ');
    expect(rowsOf(status({ oldestPendingAgeMs: null }))['Thời gian chờ gửi lâu nhất']).toBe('—');

    await i18n.changeLanguage('en');
    const enRows = rowsOf(status({ oldestPendingAgeMs: 3 * 3_600_000 }));
    expect(enRows['Ratings waiting to be sent']).toBe('12,345');
    expect(enRows['Longest wait to be sent']).toBe('3 h');
    expect(enRows['Clock offset']).toBe('-1,500 ms');
    expect(rowsOf(status())['Longest wait to be sent']).toBe('5 min');
  });

  it('asks for an IT officer’s badge, or staff id and PIN, to enrol an enrolled kiosk again, in each language', async () => {
    const fields = { badgeCode: '', staffId: '', pin: '' };
    const html = renderToStaticMarkup(<panel.ItCredentialFields fields={fields} onChange={() => {}} />);
    for (const text of [vi.admin.sync.itCredential, vi.admin.sync.itBadge, vi.admin.sync.itStaffId, vi.admin.sync.itPin]) expect(html).toContain(text);
    expect(html).toContain('type="password"');
    await i18n.changeLanguage('en');
    expect(renderToStaticMarkup(<panel.ItCredentialFields fields={fields} onChange={() => {}} />)).toContain(en.admin.sync.itBadge);
    expect(panel.itCredentialFrom({ badgeCode: ' BG-26-000106\n', staffId: 'st-1', pin: '1234' })).toEqual({ badgeCode: 'BG-26-000106' });
    expect(panel.itCredentialFrom({ badgeCode: '', staffId: 'st-000106', pin: '135790' })).toEqual({ staffId: 'st-000106', pin: '135790' });
    expect(panel.itCredentialFrom(fields)).toBeUndefined();
  });

  it('says why a re-enrolment was refused in the panel’s language', async () => {
    const refused = { code: 'refused' as const, message: 'an IT officer’s badge or PIN is needed', reason: 'it_credential_required' };
    expect(panel.refusalText(refused, i18n.t)).toBe(vi.admin.sync.refusal.it_credential_required);
    await i18n.changeLanguage('en');
    expect(panel.refusalText({ ...refused, reason: 'it_credential_refused' }, i18n.t)).toBe(en.admin.sync.refusal.it_credential_refused);
    expect(panel.refusalText({ code: 'refused', message: 'the server address must be an https:// URL' }, i18n.t)).toBe('the server address must be an https:// URL');
  });

  it('shows times in Vietnam whatever the language', () => {
    const at = Date.UTC(2025, 0, 2, 3, 4, 5); // 10:04:05 in Hà Nội
    expect(panel.formatTime(at, 'vi')).toContain('10:04:05');
    expect(panel.formatTime(at, 'en')).toContain('10:04:05');
    expect(panel.formatTime(null, 'en')).toBe('—');
  });
});
