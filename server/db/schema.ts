import type { Generated } from 'kysely';

/** Tables of the provincial server (see migrations.ts). Times are UTC ms since the epoch. */
export interface ServerDatabase {
  units: { id: string; name: string; level: string; parent_id: string | null };
  counters: { id: string; unit_id: string; name: string; desk_role: string };
  staff: {
    id: string;
    unit_id: string;
    full_name: string;
    name_key: string;
    title: string;
    badge_hash: string | null;
    photo: string | null;
    active: boolean;
  };
  kiosk_settings: { scope: string; settings: string; updated_at: number };
  enrollment_codes: {
    code_hash: string;
    unit_id: string;
    counter_id: string | null;
    created_at: number;
    expires_at: number;
    used_at: number | null;
    device_id: string | null;
    /** The kiosk's requestId of the enrolment that used the code (migration 0002). */
    request_id: string | null;
    /** The client address of that enrolment: only it may have the answer again (migration 0013). */
    request_address: string | null;
  };
  devices: {
    id: string;
    /** The device's secret sealed with the server's key secret_key_id (server/secret-keys.ts, migration 0010). */
    sealed_secret: string;
    secret_key_id: string;
    unit_id: string;
    counter_id: string | null;
    name: string;
    app_version: string;
    enrolled_at: number;
    revoked_at: number | null;
    last_seen_at: number | null;
    last_heartbeat_at: number | null;
    pending_count: number | null;
    oldest_pending_age_ms: number | null;
    last_error: string | null;
    clock_offset_ms: number | null;
    /** Conflicts this device sent beyond the caps: counted, not kept (migration 0014). */
    conflicts_not_kept: Generated<number>;
  };
  ratings: {
    id: string;
    device_id: string;
    seq: number;
    unit_id: string;
    counter_id: string;
    desk_role: string;
    staff_id: string | null;
    staff_session_id: string | null;
    created_at: number;
    clock_offset_ms: number | null;
    corrected_at: number;
    received_at: number;
    batch_id: string;
    scale: string;
    score: number;
    criteria: string;
    comment: string | null;
    dossier_code: string | null;
    locale: string;
    duration_ms: number | null;
    app_version: string;
    content_hash: string;
  };
  rating_conflicts: {
    serial: Generated<number>;
    rating_id: string;
    device_id: string;
    batch_id: string;
    received_at: number;
    content_hash: string;
    content: string;
  };
  console_users: {
    id: string;
    login: string;
    /** lower-case login: logins are unique whatever their case. */
    login_key: string;
    display_name: string;
    role: 'province' | 'unit_head' | 'it' | 'admin';
    unit_id: string | null;
    may_see_personal_data: Generated<boolean>;
    locale: Generated<'vi' | 'en'>;
    password_hash: string;
    created_at: number;
    updated_at: number;
    disabled_at: number | null;
    last_login_at: number | null;
    failed_logins: Generated<number>;
    locked_until: number | null;
  };
  console_sessions: {
    /** sha256 (hex) of the cookie's value: the table alone gives no session. */
    token_hash: string;
    user_id: string;
    csrf_token: string;
    created_at: number;
    last_seen_at: number;
    expires_at: number;
    address: string | null;
  };
  console_audit: {
    id: Generated<number>;
    at: number;
    user_id: string | null;
    login: string | null;
    role: string | null;
    action: string;
    /** JSON object. */
    details: string;
    address: string | null;
  };
  report_periods: { id: string; name: string; from_day: string; to_day: string; created_at: number };
  console_settings: { key: string; value: string; updated_at: number };
  /** One row the health route writes (migration 0015). */
  health_probe: { id: number; probed_at: number };
}
