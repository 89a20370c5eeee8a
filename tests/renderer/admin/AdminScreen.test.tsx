import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTION_PROBLEMS, SYNC_ERROR_CODES, syncErrorCode, type ConnectionTest } from '../../../shared/kiosk-admin';
import type { SyncPhase, SyncStatus } from '../../../shared/sync-status';
import { initI18n } from '../../../renderer/src/i18n';
import en from '../../../renderer/src/i18n/locales/en.json';
import vi from '../../../renderer/src/i18n/locales/vi.json';

const i18n = initI18n();
type Texts = typeof import('../../../renderer/src/admin/admin-texts');
type Screen = typeof import('../../../renderer/src/admin/AdminScreen');
type Gate = typeof import('../../../renderer/src/admin/AdminGate');
let texts: Texts;
let screen: Screen;
let gate: Gate;

beforeAll(async () => {
  const api = new Proxy({}, { get: () => async () => ({ ok: false, error: { code: 'internal', message: 'x' } }) });
  (globalThis as unknown as { window: unknown }).window = { location: { hash: '#admin' }, kiosk: api };
  texts = await import('../../../renderer/src/admin/admin-texts');
  screen = await import('../../../renderer/src/admin/AdminScreen');
  gate = await import('../../../renderer/src/admin/AdminGate');
});

afterEach(async () => {
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
  secretStorage: 'encrypted by Electron safeStorage (gnome_libsecret) in the main process',
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

/** The lines as plain text: label → value. */
const linesOf = (s: SyncStatus) => Object.fromEntries(texts.statusLines(s, i18n.t, i18n.language).map((line) => [line.label, line.value]));

describe('the kiosk’s admin screen (renderer/src/admin)', () => {
  it('shows a citizen nothing: on #admin, before any credential, the kiosk alone is drawn', () => {
    expect(renderToStaticMarkup(<gate.AdminGate app={<p>citizen screen</p>} />)).toBe('<p>citizen screen</p>');
  });

  it('labels every line and every phase in both languages', async () => {
    for (const language of ['vi', 'en'] as const) {
      await i18n.changeLanguage(language);
      const sync = language === 'vi' ? vi.admin.sync : en.admin.sync;
      for (const phase of Object.keys(PHASES) as SyncPhase[]) {
        expect(linesOf(status({ phase }))[sync.status], `${language} ${phase}`).toBe(sync.phase[phase]);
      }
      const lines = linesOf(status());
      expect(Object.keys(lines)).toHaveLength(15);
      expect(lines[sync.serverSignsAnswers]).toBe(sync.yes);
      expect(linesOf(status({ serverSignsAnswers: false }))[sync.serverSignsAnswers]).toBe(sync.no);
      const stores = language === 'vi' ? vi.admin.secretStorage : en.admin.secretStorage;
      expect(lines[sync.secretStorage]).toBe(`${stores.safeStorage} (gnome_libsecret)`);
      const fixedKey = 'encrypted by Electron safeStorage with its fixed key (backend basic_text), not by a keyring: NOT protected (mode 0600 only)';
      expect(linesOf(status({ secretStorageProtected: false, secretStorage: fixedKey }))[sync.secretStorage]).toBe(`${sync.secretNotProtected} (${stores.fixedKey} (basic_text))`);
      expect(linesOf(status({ secretStorage: 'file readable by the kiosk user only (mode 0600)' }))[sync.secretStorage]).toBe(stores.file);
      for (const [label, value] of Object.entries(lines)) {
        expect(label, language).not.toMatch(/^admin\./);
        expect(value, `${language} ${label}`).not.toMatch(/admin\./);
      }
    }
  });

  it('writes counts, ages and the clock offset the way each language does', async () => {
    const vnLines = linesOf(status());
    expect(vnLines['Số đánh giá chờ gửi']).toBe('12.345');
    expect(vnLines['Thời gian chờ gửi lâu nhất']).toBe('5 phút');
    expect(vnLines['Độ lệch đồng hồ']).toBe('-1.500 ms');
    expect(vnLines['Lỗi gần nhất']).toBe('—');
    expect(linesOf(status({ oldestPendingAgeMs: 119 * 60_000 }))['Thời gian chờ gửi lâu nhất']).toBe('119 phút');
    expect(linesOf(status({ oldestPendingAgeMs: 3 * 3_600_000 }))['Thời gian chờ gửi lâu nhất']).toBe('3 giờ');

    await i18n.changeLanguage('en');
    const enLines = linesOf(status({ oldestPendingAgeMs: 3 * 3_600_000 }));
    expect(enLines['Ratings waiting to be sent']).toBe('12,345');
    expect(enLines['Longest wait to be sent']).toBe('3 h');
    expect(enLines['Clock offset']).toBe('-1,500 ms');
  });

  it('shows the last error from its code in the screen’s language, never the protocol’s English', async () => {
    const at = Date.UTC(2025, 0, 2, 3, 4, 5); // 10:04:05 in Hà Nội
    const message = 'batch: network error: fetch failed (ECONNREFUSED)';
    const failing = status({ lastError: { at, message, code: syncErrorCode(message) } });
    expect(linesOf(failing)['Lỗi gần nhất']).toMatch(/10:04:05.*: Không kết nối được tới máy chủ$/);
    await i18n.changeLanguage('en');
    expect(linesOf(failing)['Last error']).toMatch(/10:04:05.*: The server cannot be reached$/);
    expect(JSON.stringify(linesOf(failing))).not.toContain('ECONNREFUSED');
  });

  it('has a text for every sync error code and every connection problem, in both languages', () => {
    for (const code of SYNC_ERROR_CODES) {
      expect(vi.admin.error[code], code).toBeTruthy();
      expect(en.admin.error[code], code).toBeTruthy();
    }
    for (const problem of CONNECTION_PROBLEMS) {
      expect(vi.admin.test.problem[problem], problem).toBeTruthy();
      expect(en.admin.test.problem[problem], problem).toBeTruthy();
    }
  });

  it('reads the code of each error the sync engine journals', () => {
    expect(syncErrorCode('heartbeat: the server did not answer in time')).toBe('timeout');
    expect(syncErrorCode('batch: network error: fetch failed (ENOTFOUND)')).toBe('network');
    expect(syncErrorCode('batch: server answered 503 storage_low')).toBe('server_storage');
    expect(syncErrorCode('/roster: server answered 502 bad_gateway: upstream')).toBe('server_error');
    expect(syncErrorCode('heartbeat: server answered 429 rate_limited: slow down')).toBe('rate_limited');
    expect(syncErrorCode('the server refused this device (401 device_revoked: this device was revoked); if it was revoked, enrol it again')).toBe('device_refused');
    expect(syncErrorCode('/config: an answer (200) whose server signature is missing was refused; nothing of it was used')).toBe('untrusted_answer');
    expect(syncErrorCode('enrolment refused: 403 enrollment_code_used: this enrolment code was already used')).toBe('enrolment_code_used');
    expect(syncErrorCode('enrolment refused: 403 enrollment_code_expired: expired')).toBe('enrolment_code_expired');
    expect(syncErrorCode('provisioning file refused (bad JSON); renamed to x')).toBe('provisioning_invalid');
    expect(syncErrorCode('the device secret is missing from its store; enrol this kiosk again')).toBe('secret_missing');
    expect(syncErrorCode('something nobody wrote yet')).toBe('other');
  });

  it('says what the connection test found in the screen’s language', async () => {
    const test = (over: Partial<ConnectionTest>): ConnectionTest => ({
      ok: true,
      problem: null,
      serverUrl: 'https://nucuoi.example.vn',
      signed: true,
      httpStatus: 200,
      roundTripMs: 1234,
      checkedAt: 0,
      ...over,
    });
    expect(texts.connectionTestText(test({}), i18n.t, 'vi')).toBe(`${vi.admin.test.okSigned} (trả lời sau 1.234 ms)`);
    expect(texts.connectionTestText(test({ ok: false, problem: 'device_revoked', httpStatus: 401 }), i18n.t, 'vi')).toBe(
      `${vi.admin.test.problem.device_revoked} (mã trả lời HTTP 401)`,
    );
    await i18n.changeLanguage('en');
    expect(texts.connectionTestText(test({ ok: false, problem: 'network', httpStatus: null, roundTripMs: null }), i18n.t, 'en')).toBe(en.admin.test.problem.network);
  });

  it('says why a call was refused in the screen’s language, without the core’s English', async () => {
    const refused = { code: 'refused' as const, message: 'the server address must be an https:// URL', reason: 'bad_server_url' };
    expect(texts.refusalText(refused, i18n.t)).toBe(vi.admin.refusal.bad_server_url);
    expect(texts.refusalText({ code: 'refused', message: 'an IT officer’s badge', reason: 'it_credential_refused' }, i18n.t)).toBe(vi.admin.refusal.it_credential_refused);
    expect(texts.refusalText({ code: 'rate_limited', message: 'too many wrong PINs', reason: 'throttled' }, i18n.t)).toBe(vi.admin.refusal.throttled);
    await i18n.changeLanguage('en');
    expect(texts.refusalText({ code: 'refused', message: 'some new English reason' }, i18n.t)).toBe(en.admin.refusal.generic);
  });

  it('shows the pairing code large, with its QR, while the server has not approved it', () => {
    const pairing = { serverUrl: 'https://nucuoi.example.vn', state: 'pending' as const, code: 'K7Q-M4X', approveUrl: 'https://nucuoi.example.vn/fleet?pair=K7Q-M4X', expiresAt: null };
    const html = renderToStaticMarkup(<screen.PairingCard pairing={pairing} language="vi" />);
    expect(html).toContain('K7Q-M4X');
    expect(html).toContain(vi.admin.pairing.state.pending);
    expect(html).toMatch(/<svg[^>]*data-testid="admin-pairing-qr"/);
    expect(renderToStaticMarkup(<screen.PairingCard pairing={{ ...pairing, state: 'refused' }} language="vi" />)).not.toContain('admin-pairing-qr');
  });

  it('types the server’s address on the screen’s own keyboard: no text field a physical keyboard would need', () => {
    const html = renderToStaticMarkup(<screen.SetupCard status={status({ enrolled: false, serverUrl: null, phase: 'not_enrolled' })} onQueued={() => {}} />);
    expect(html).not.toContain('<input');
    expect(html).toContain(vi.admin.sync.serverUrl);
    expect(html).toContain('https://');
    expect(html).toContain(vi.admin.setup.pair);
  });

  it('shows times in Vietnam whatever the language', () => {
    const at = Date.UTC(2025, 0, 2, 3, 4, 5); // 10:04:05 in Hà Nội
    expect(texts.formatTime(at, 'vi')).toContain('10:04:05');
    expect(texts.formatTime(at, 'en')).toContain('10:04:05');
    expect(texts.formatTime(null, 'en')).toBe('—');
  });
});
