import type { FlagDecision, FlagDecisionAnswer, FlagList, IntegritySettings, SatisfactionAlert } from '../../../shared/console/integrity';
import type { DeviceChainsResponse } from '../../../shared/console/record-chain';
/**
 * The console's side of the API: JSON over fetch, the session cookie sent by the browser, the
 * CSRF token on every state-changing request, and the server's error codes kept for translation
 * (`errors.<code>` in the locale files). Only types come from the contract, so zod stays out of
 * the bundle.
 */
import type {
  Account,
  AuditEntry,
  CampaignPeriod,
  Comment,
  ConsoleSettings,
  Report,
  SessionResponse,
  UnitNode,
} from '../../../shared/console/api';
import type { EffectiveSettings, FleetAlertSettings, FleetAlertSettingsView, FleetOverview, IssuedCode, KioskDetail, ProvisioningFilesRequest, SettingIssue, UnitSettings } from '../../../shared/console/fleet';
import type { KioskCommandKind } from '../../../shared/fleet';
import type { BadgeSheetRequest, ReissuedBadge, UnitBadges } from '../../../shared/console/badges';
import type { Holiday, MailRelay, MonthlySend, MyMonthlyReports } from '../../../shared/console/monthly-reports';
import type { AssignRingRequest, UpdateStatus } from '../../../shared/console/updates';
import type { ReleaseRing } from '../../../shared/release';
import type { Ranking, RankingSettings } from '../../../shared/console/rankings';
import type { RosterCounter, RosterListQuery, RosterPage, RosterStaffMember, RosterUnit } from '../../../shared/console/roster';
import type { RosterImportResult, RosterPlan } from '../../../shared/roster-import';
import { CONSOLE_API_PREFIX, CSRF_HEADER, type ExportFormat } from '../../../shared/console/constants';

/**
 * The address of an export: a plain link the browser downloads with the session cookie (the
 * server checks it as for the page, and writes the export to the audit log).
 */
export function exportHref(path: string, query: string, format: ExportFormat, table?: string): string {
  const params = new URLSearchParams(query);
  params.set('format', format);
  if (table) params.set('table', table);
  return `${CONSOLE_API_PREFIX}/exports${path}?${params.toString()}`;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's stable code (`wrong_credentials`, `out_of_scope`, …), or `network` / `internal`. */
    readonly code: string,
    readonly field: string | undefined,
    /** The server's own text, in the request's language, for codes the console does not know. */
    readonly serverMessage: string,
    /** Every invalid setting of a refused `invalid_setting` change, to show beside its field. */
    readonly issues: readonly SettingIssue[] = [],
  ) {
    super(`${status} ${code}`);
  }
}

/** What a failed call threw, as an ApiError the page can explain; anything else shows as "internal". */
export function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError(0, 'internal', undefined, '');
}

export interface PeriodsAnswer {
  campaigns: CampaignPeriod[];
  years: number[];
  today: string;
}

export interface CommentsAnswer {
  items: Comment[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditAnswer {
  items: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export type NewAccount = Pick<Account, 'login' | 'displayName' | 'role' | 'unitId' | 'maySeePersonalData' | 'locale'> & { password: string };
export type AccountChange = Partial<Pick<Account, 'displayName' | 'role' | 'unitId' | 'maySeePersonalData' | 'disabled' | 'locale'>> & { password?: string };

export class ConsoleApi {
  private csrfToken: string | null = null;

  constructor(
    private readonly language: () => string,
    /** Called when the server says the session is gone (expired, signed out elsewhere). */
    private readonly onSessionLost: (code: string) => void,
  ) {}

  private async request<T>(method: string, path: string, options: { query?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': this.language() };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers[CSRF_HEADER] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(`${CONSOLE_API_PREFIX}${path}${options.query ? `?${options.query}` : ''}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(0, 'network', undefined, '');
    }
    if (response.status === 204) return undefined as T;
    const body = (await response.json().catch(() => null)) as (T & { error?: string; message?: string; field?: string; issues?: unknown }) | null;
    if (!response.ok) {
      const code = body?.error ?? 'internal';
      if (response.status === 401 && path !== '/auth/login' && path !== '/auth/session') this.onSessionLost(code);
      throw new ApiError(response.status, code, body?.field, body?.message ?? '', Array.isArray(body?.issues) ? (body.issues as SettingIssue[]) : []);
    }
    return body as T;
  }

  // ------------------------------------------------------------ review of flags (docs/integrity.md)

  flags(query: string, signal?: AbortSignal): Promise<FlagList> {
    return this.request('GET', '/integrity/flags', { query, ...(signal ? { signal } : {}) });
  }

  integritySettings(signal?: AbortSignal): Promise<IntegritySettings> {
    return this.request('GET', '/integrity/settings', signal ? { signal } : {});
  }

  saveIntegritySettings(settings: IntegritySettings): Promise<IntegritySettings> {
    return this.request('PUT', '/integrity/settings', { body: settings });
  }

  satisfactionAlerts(signal?: AbortSignal): Promise<{ alerts: SatisfactionAlert[] }> {
    return this.request('GET', '/integrity/alerts', signal ? { signal } : {});
  }

  decideFlag(id: string, decision: FlagDecision, note: string): Promise<FlagDecisionAnswer> {
    return this.request('POST', `/integrity/flags/${encodeURIComponent(id)}/decision`, { body: { decision, note } });
  }

  // ------------------------------------------------------------ session

  async session(): Promise<SessionResponse> {
    const answer = await this.request<SessionResponse>('GET', '/auth/session');
    this.csrfToken = answer.csrfToken;
    return answer;
  }

  async signIn(login: string, password: string): Promise<SessionResponse> {
    const answer = await this.request<SessionResponse>('POST', '/auth/login', { body: { login, password } });
    this.csrfToken = answer.csrfToken;
    return answer;
  }

  async signOut(): Promise<void> {
    await this.request<void>('POST', '/auth/logout', { body: {} });
    this.csrfToken = null;
  }

  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.request('POST', '/auth/password', { body: { currentPassword, newPassword } });
  }

  // ------------------------------------------------------------ reading

  periods(signal?: AbortSignal): Promise<PeriodsAnswer> {
    return this.request('GET', '/periods', { signal });
  }

  async units(signal?: AbortSignal): Promise<UnitNode[]> {
    return (await this.request<{ units: UnitNode[] }>('GET', '/units', { signal })).units;
  }

  /** `path` is the subject's report path (routes.ts `reportPath`), `query` the page's period and filters. */
  report(path: string, query: string, signal?: AbortSignal): Promise<Report> {
    return this.request('GET', path, { query, signal });
  }

  /** `query` is the rankings page's (routes.ts `rankingsQuery`). */
  ranking(query: string, signal?: AbortSignal): Promise<Ranking> {
    return this.request('GET', '/rankings', { query, signal });
  }

  async rankingSettings(signal?: AbortSignal): Promise<RankingSettings> {
    return (await this.request<{ settings: RankingSettings }>('GET', '/rankings/settings', { signal })).settings;
  }

  async saveRankingSettings(change: Partial<RankingSettings>): Promise<RankingSettings> {
    return (await this.request<{ settings: RankingSettings }>('PUT', '/rankings/settings', { body: change })).settings;
  }

  comments(query: string, signal?: AbortSignal): Promise<CommentsAnswer> {
    return this.request('GET', '/comments', { query, signal });
  }

  async settings(signal?: AbortSignal): Promise<ConsoleSettings> {
    return (await this.request<{ settings: ConsoleSettings }>('GET', '/settings', { signal })).settings;
  }

  /** A file the server makes (the evaluation report): its bytes and the name the server gave it. */
  download(path: string, query: string): Promise<{ blob: Blob; fileName: string }> {
    return this.downloadFrom(`${CONSOLE_API_PREFIX}${path}?${query}`);
  }

  /**
   * A file at an address the server gave (an export link): fetched first, so that a refusal is an
   * ApiError the page explains in the user's language instead of a JSON file saved to disk.
   */
  async downloadFrom(href: string): Promise<{ blob: Blob; fileName: string }> {
    let response: Response;
    try {
      response = await fetch(href, { headers: { 'accept-language': this.language() }, credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, 'network', undefined, '');
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: string; message?: string; field?: string } | null;
      if (response.status === 401) this.onSessionLost(body?.error ?? 'unauthenticated');
      throw new ApiError(response.status, body?.error ?? 'internal', body?.field, body?.message ?? '');
    }
    const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'bao-cao';
    return { blob: await response.blob(), fileName };
  }

  // ------------------------------------------------------------ badges (IT staff, the province, unit heads)

  unitBadges(unitId: string, signal?: AbortSignal): Promise<UnitBadges> {
    return this.request('GET', `/badges/units/${encodeURIComponent(unitId)}`, { signal });
  }

  async reissueBadge(staffId: string): Promise<ReissuedBadge> {
    return (await this.request<{ badge: ReissuedBadge }>('POST', `/badges/staff/${encodeURIComponent(staffId)}/reissue`, { body: {} })).badge;
  }

  /** Sets an officer's PIN (only its salted hash is kept on the server and sent to the unit's kiosks). */
  setStaffPin(staffId: string, pin: string): Promise<{ staffId: string; hasPin: boolean; pinSetAt: number }> {
    return this.request('PUT', `/badges/staff/${encodeURIComponent(staffId)}/pin`, { body: { pin } });
  }

  clearStaffPin(staffId: string): Promise<{ staffId: string; hasPin: boolean; pinSetAt: number }> {
    return this.request('DELETE', `/badges/staff/${encodeURIComponent(staffId)}/pin`);
  }

  /** Uploads an officer's photo as the file's own bytes; the server keeps a re-encoded JPEG of at most 512 px. */
  async uploadStaffPhoto(staffId: string, file: File): Promise<void> {
    const headers: Record<string, string> = { 'content-type': file.type === 'image/png' ? 'image/png' : 'image/jpeg', 'accept-language': this.language() };
    if (this.csrfToken) headers[CSRF_HEADER] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(`${CONSOLE_API_PREFIX}/badges/staff/${encodeURIComponent(staffId)}/photo`, { method: 'PUT', headers, credentials: 'same-origin', body: file });
    } catch {
      throw new ApiError(0, 'network', undefined, '');
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: string; message?: string; field?: string } | null;
      if (response.status === 401) this.onSessionLost(body?.error ?? 'unauthenticated');
      throw new ApiError(response.status, body?.error ?? 'internal', body?.field, body?.message ?? '');
    }
  }

  /** The badge sheet (PDF) of a unit, or of the officers chosen: its bytes and the name the server gave it. */
  async badgeSheet(request: BadgeSheetRequest): Promise<{ blob: Blob; fileName: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'accept-language': this.language() };
    if (this.csrfToken) headers[CSRF_HEADER] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(`${CONSOLE_API_PREFIX}/badges/sheet`, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(request) });
    } catch {
      throw new ApiError(0, 'network', undefined, '');
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: string; message?: string; field?: string } | null;
      if (response.status === 401) this.onSessionLost(body?.error ?? 'unauthenticated');
      throw new ApiError(response.status, body?.error ?? 'internal', body?.field, body?.message ?? '');
    }
    const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'the.pdf';
    return { blob: await response.blob(), fileName };
  }

  // ------------------------------------------------------------ kiosk updates (IT staff)

  updates(signal?: AbortSignal): Promise<UpdateStatus> {
    return this.request('GET', '/updates', { signal });
  }

  setUpdatesPaused(paused: boolean): Promise<{ paused: boolean }> {
    return this.request('PUT', '/updates/paused', { body: { paused } });
  }

  promoteRelease(version: string): Promise<{ promoted: string }> {
    return this.request('POST', '/updates/promote', { body: { version } });
  }

  pinRing(ring: ReleaseRing, version: string | null): Promise<{ ring: ReleaseRing; pinnedVersion: string | null }> {
    return this.request('PUT', '/updates/pins', { body: { ring, version } });
  }

  assignRing(request: AssignRingRequest): Promise<AssignRingRequest> {
    return this.request('PUT', '/updates/rings', { body: request });
  }

  // ------------------------------------------------------------ monthly reports by e-mail

  myMonthlyReports(signal?: AbortSignal): Promise<MyMonthlyReports> {
    return this.request('GET', '/monthly-reports/mine', { signal });
  }

  subscribe(email: string): Promise<unknown> {
    return this.request('PUT', '/monthly-reports/mine', { body: { email } });
  }

  unsubscribe(): Promise<void> {
    return this.request('DELETE', '/monthly-reports/mine');
  }

  monthlySends(signal?: AbortSignal): Promise<{ sends: MonthlySend[]; subscriptions: { login: string; role: string; email: string; createdAt: number }[] }> {
    return this.request('GET', '/monthly-reports/sends', { signal });
  }

  retrySend(userId: string, month: string): Promise<void> {
    return this.request('POST', `/monthly-reports/sends/${encodeURIComponent(userId)}/${encodeURIComponent(month)}/retry`, { body: {} });
  }

  async mailRelay(signal?: AbortSignal): Promise<MailRelay | null> {
    return (await this.request<{ relay: MailRelay | null }>('GET', '/mail/relay', { signal })).relay;
  }

  async saveMailRelay(relay: Omit<MailRelay, 'passwordSet'> & { password?: string | null }): Promise<MailRelay> {
    return (await this.request<{ relay: MailRelay }>('PUT', '/mail/relay', { body: relay })).relay;
  }

  async holidays(signal?: AbortSignal): Promise<Holiday[]> {
    return (await this.request<{ holidays: Holiday[] }>('GET', '/mail/holidays', { signal })).holidays;
  }

  async saveHolidays(holidays: Holiday[]): Promise<Holiday[]> {
    return (await this.request<{ holidays: Holiday[] }>('PUT', '/mail/holidays', { body: { holidays } })).holidays;
  }

  // ------------------------------------------------------------ administration

  async accounts(signal?: AbortSignal): Promise<Account[]> {
    return (await this.request<{ accounts: Account[] }>('GET', '/accounts', { signal })).accounts;
  }

  async createAccount(account: NewAccount): Promise<Account> {
    return (await this.request<{ account: Account }>('POST', '/accounts', { body: account })).account;
  }

  async updateAccount(id: string, change: AccountChange): Promise<Account> {
    return (await this.request<{ account: Account }>('PATCH', `/accounts/${encodeURIComponent(id)}`, { body: change })).account;
  }

  audit(query: string, signal?: AbortSignal): Promise<AuditAnswer> {
    return this.request('GET', '/audit', { query, signal });
  }

  async saveSettings(change: Partial<ConsoleSettings>): Promise<ConsoleSettings> {
    return (await this.request<{ settings: ConsoleSettings }>('PUT', '/settings', { body: change })).settings;
  }

  async createCampaignPeriod(period: { name: string; from: string; to: string }): Promise<CampaignPeriod> {
    return (await this.request<{ period: CampaignPeriod }>('POST', '/periods', { body: period })).period;
  }

  deleteCampaignPeriod(id: string): Promise<void> {
    return this.request('DELETE', `/periods/${encodeURIComponent(id)}`);
  }

  // ------------------------------------------------------------ record chains (every role, within its scope)

  recordChains(signal?: AbortSignal): Promise<DeviceChainsResponse> {
    return this.request('GET', '/integrity/chains', { signal });
  }

  // ------------------------------------------------------------ the fleet (IT staff, administrators)

  fleet(signal?: AbortSignal): Promise<FleetOverview> {
    return this.request('GET', '/fleet', { signal });
  }

  kiosk(id: string, signal?: AbortSignal): Promise<KioskDetail> {
    return this.request('GET', `/fleet/kiosks/${encodeURIComponent(id)}`, { signal });
  }

  approvePairing(code: string, unitId: string, counterId: string | null): Promise<void> {
    return this.request('POST', '/fleet/pairings/approve', { body: { code, unitId, counterId } });
  }

  refusePairing(id: string): Promise<void> {
    return this.request('POST', `/fleet/pairings/${encodeURIComponent(id)}/refuse`, { body: {} });
  }

  moveKiosk(id: string, counterId: string): Promise<void> {
    return this.request('POST', `/fleet/kiosks/${encodeURIComponent(id)}/move`, { body: { counterId } });
  }

  retireKiosk(id: string): Promise<void> {
    return this.request('POST', `/fleet/kiosks/${encodeURIComponent(id)}/retire`, { body: {} });
  }

  sendCommand(deviceIds: string[], kind: KioskCommandKind): Promise<{ commandIds: string[] }> {
    return this.request('POST', '/fleet/commands', { body: { deviceIds, kind } });
  }

  /** `unitId` '*' is every kiosk's level. */
  unitSettings(unitId: string, signal?: AbortSignal): Promise<UnitSettings> {
    return this.request('GET', `/fleet/settings/units/${encodeURIComponent(unitId)}`, { signal });
  }

  saveUnitSettings(unitId: string, settings: Record<string, unknown>): Promise<UnitSettings> {
    return this.request('PUT', `/fleet/settings/units/${encodeURIComponent(unitId)}`, { body: settings });
  }

  saveKioskSettings(id: string, settings: Record<string, unknown>): Promise<{ effective: EffectiveSettings; own: Record<string, unknown> }> {
    return this.request('PUT', `/fleet/settings/kiosks/${encodeURIComponent(id)}`, { body: settings });
  }

  fleetAlertSettings(signal?: AbortSignal): Promise<FleetAlertSettingsView> {
    return this.request('GET', '/fleet/alert-settings', { signal });
  }

  saveFleetAlertSettings(settings: FleetAlertSettings): Promise<FleetAlertSettingsView> {
    return this.request('PUT', '/fleet/alert-settings', { body: settings });
  }

  async enrolmentCodes(unitId: string, counterIds: string[] | null, days: number): Promise<IssuedCode[]> {
    const body = counterIds ? { unitId, counterIds, days } : { unitId, days };
    return (await this.request<{ codes: IssuedCode[] }>('POST', '/fleet/enrolment-codes', { body })).codes;
  }

  /**
   * The codes just made as one ZIP of provisioning files (one per kiosk): fetched first, so that a
   * refusal is an ApiError the page explains, then handed to saveFile.
   */
  async provisioningFiles(request: ProvisioningFilesRequest): Promise<{ blob: Blob; fileName: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'accept-language': this.language() };
    if (this.csrfToken) headers[CSRF_HEADER] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(`${CONSOLE_API_PREFIX}/fleet/provisioning-files`, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(request) });
    } catch {
      throw new ApiError(0, 'network', undefined, '');
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: string; message?: string; field?: string } | null;
      if (response.status === 401) this.onSessionLost(body?.error ?? 'unauthenticated');
      throw new ApiError(response.status, body?.error ?? 'internal', body?.field, body?.message ?? '');
    }
    const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'provisioning.zip';
    return { blob: await response.blob(), fileName };
  }

  /** A roster list (`units`, `counters` or `staff`), searched and paged by the server within the user's scope. */
  rosterList<T extends RosterUnit | RosterCounter | RosterStaffMember>(kind: 'units' | 'counters' | 'staff', query: RosterListQuery, signal?: AbortSignal): Promise<RosterPage<T>> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
    return this.request('GET', `/roster/${kind}`, { query: params.toString(), signal });
  }

  async addRosterRecord(kind: 'units' | 'counters' | 'staff', record: Record<string, unknown>): Promise<string> {
    return (await this.request<{ id: string }>('POST', `/roster/${kind}`, { body: record })).id;
  }

  async changeRosterRecord(kind: 'units' | 'counters' | 'staff', id: string, change: Record<string, unknown>): Promise<string[]> {
    return (await this.request<{ changed: string[] }>('PATCH', `/roster/${kind}/${encodeURIComponent(id)}`, { body: change })).changed;
  }

  async previewRosterImport(file: RosterImportFile): Promise<RosterPlan> {
    return (await this.request<{ plan: RosterPlan }>('POST', '/roster/import/preview', { body: file })).plan;
  }

  applyRosterImport(file: RosterImportFile & { planId: string }): Promise<RosterImportResult> {
    return this.request('POST', '/roster/import/apply', { body: file });
  }
}

export interface RosterImportFile {
  fileName: string;
  contentBase64: string;
  deactivateMissing: boolean;
}
