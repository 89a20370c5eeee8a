import type { Generated } from 'kysely';

/**
 * The counts of one rollup row (migration 0007): ratings per score, ratings with a comment, and
 * the yes and no answers to each of the eight behaviours.
 */
export interface RollupCounts {
  ratings: number;
  very_satisfied: number;
  satisfied: number;
  not_satisfied: number;
  comments: number;
  greet_yes: number;
  greet_no: number;
  apologise_yes: number;
  apologise_no: number;
  thank_yes: number;
  thank_no: number;
  ask_permission_yes: number;
  ask_permission_no: number;
  smile_yes: number;
  smile_no: number;
  gentle_yes: number;
  gentle_no: number;
  listen_yes: number;
  listen_no: number;
  help_yes: number;
  help_no: number;
}

/** The key of a rollup row but its period: staff_id is '' for ratings given with no officer. */
export interface RollupKey {
  unit_id: string;
  counter_id: string;
  desk_role: string;
  staff_id: string;
}

/** Tables of the provincial server (see migrations.ts). Times are UTC ms since the epoch. */
export interface ServerDatabase {
  units: { id: string; name: string; level: string; parent_id: string | null; active: Generated<boolean> };
  counters: { id: string; unit_id: string; name: string; desk_role: string; active: Generated<boolean> };
  staff: {
    id: string;
    unit_id: string;
    full_name: string;
    name_key: string;
    title: string;
    /** Scheme v1 hash of the old-format code of HR's file, for the migration window (migration 0012). */
    old_badge_hash: string | null;
    /** The issue of the officer's current badge: reissuing makes a new code and revokes the old ones. */
    badge_issue: Generated<number>;
    photo: string | null;
    active: boolean;
    /** JSON array of roles, e.g. ["it"] (migration 0011). */
    roles: Generated<string>;
    /** A PIN set in the console: its salted scrypt hash (never the PIN), and when it was set or cleared (migration 0027). */
    pin_hash: string | null;
    pin_set_at: number | null;
    /** The kiosk that sent the officer's own PIN (POST /staff-pins); NULL when set or cleared in the console (migration 0031). */
    pin_set_by_device: string | null;
  };
  /** Each old-format badge code (scheme v1 hash) and the officer it belongs to, for ever (migration 0018). */
  badge_code_owners: { badge_hash: string; staff_id: string; first_seen_at: number };
  /** The one key the server derives badge codes with (server/badges.ts), sealed with the server's keys (migration 0032). */
  badge_signing_key: { id: number; sealed_secret: string; secret_key_id: string; created_at: number };
  /** Each unit's key for the keyed badge hashes its kiosks keep, sealed with the server's keys (migration 0032). */
  unit_badge_keys: { unit_id: string; sealed_secret: string; secret_key_id: string; created_at: number };
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
    /** The kiosk's updater state (UpdaterState JSON) from its last heartbeat that had one (migration 0009). */
    updater_state: string | null;
    updater_reported_at: number | null;
    /** Staff logins the kiosk refused in the 24 h before its last heartbeat (migration 0012). */
    failed_badge_logins: number | null;
    failed_pin_logins: number | null;
    /** From heartbeats (migration 0017): free disk, the ETags of the roster and config applied, settings not applied (JSON array). */
    free_disk_bytes: number | null;
    roster_version: string | null;
    settings_version: string | null;
    settings_problems: string | null;
    last_error_at: number | null;
    /** The ETags of the roster and config the server last answered this kiosk with. */
    roster_served: string | null;
    settings_served: string | null;
    /** The lowest seq of its chained records (migration 0022): an unchained record after it is refused. */
    chain_from_seq: Generated<number | null>;
    /** Raised with each binding recorded (migration 0030): ingest reads the bindings again when it moved. */
    binding_revision: Generated<number>;
    /** The device's stored chain segment that starts last: its first and last seq and last link (migration 0030). */
    chain_tail_first_seq: Generated<number | null>;
    chain_tail_last_seq: Generated<number | null>;
    chain_tail_hash: Generated<string | null>;
    /** The server's UTC day (days since 1970) of its last session event stored, and its events that day and the day before (migration 0033). */
    session_events_day: Generated<number | null>;
    session_events_on_day: Generated<number>;
    session_events_day_before: Generated<number>;
    /** The roster rows the kiosk could not apply, from its last heartbeat (JSON array of {staffId?, reason}; migration 0026). */
    roster_problems: string | null;
  };
  /** A kiosk that is not enrolled asking to be paired (migration 0016); `expired` is judged by expires_at. */
  pairing_requests: {
    id: string;
    code: string;
    poll_token_hash: string;
    device_name: string;
    app_version: string;
    address: string | null;
    created_at: number;
    expires_at: number;
    status: 'pending' | 'approved' | 'refused';
    decided_at: number | null;
    decided_by: string | null;
    unit_id: string | null;
    counter_id: string | null;
    enrolment_code_hash: string | null;
    device_id: string | null;
  };
  /** Settings of one kiosk over its unit's (KioskSettingsPatch JSON). */
  device_settings: { device_id: string; settings: string; updated_at: number };
  device_commands: {
    id: string;
    device_id: string;
    kind: string;
    created_at: number;
    created_by: string | null;
    expires_at: number;
    delivered_at: number | null;
    finished_at: number | null;
    outcome: 'done' | 'failed' | null;
    error: string | null;
    /** Diagnostics JSON of a send_diagnostics command. */
    diagnostics: string | null;
  };
  /** The last heartbeats of each kiosk (bounded per kiosk). */
  device_heartbeats: {
    id: Generated<number>;
    device_id: string;
    at: number;
    app_version: string;
    pending_count: number;
    oldest_pending_age_ms: number | null;
    clock_offset_ms: number | null;
    free_disk_bytes: number | null;
    last_error: string | null;
    /** JSON array of what could not be applied. */
    problems: string | null;
  };
  fleet_alerts: {
    id: Generated<number>;
    device_id: string;
    kind: string;
    started_at: number;
    ended_at: number | null;
    /** JSON object: the figures that raised it. */
    detail: string;
    mailed_at: number | null;
    mail_error: string | null;
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
    /** The comment's search key, without tones, case or personal data (migration 0008). */
    comment_key: string | null;
    dossier_code: string | null;
    locale: string;
    duration_ms: number | null;
    app_version: string;
    content_hash: string;
    /** No correction made the rating's time plausible: kept, and counted apart by reports (migration 0011). */
    time_uncertain: Generated<boolean>;
    /**
     * In the rollups (migration 0024): false for a rating with an uncertain time, or under a
     * confirmed flag or an open `device_volume` flag (server/integrity/exclusions.ts).
     */
    counted: Generated<boolean>;
  };
  /** A finding on ratings for review (migration 0021; server/integrity/rating-flags.ts). */
  rating_flags: {
    id: string;
    reason: string;
    /** What the finding is about (e.g. a session id, or device and day): one flag per reason and subject. */
    subject: string;
    status: 'open' | 'confirmed' | 'dismissed';
    unit_id: string;
    device_id: string | null;
    staff_id: string | null;
    staff_session_id: string | null;
    first_at: number;
    last_at: number;
    rating_count: number;
    /** JSON object: the times, counts and thresholds that raised it. */
    evidence: string;
    created_at: number;
    updated_at: number;
    decided_by: string | null;
    decided_at: number | null;
    decision_note: string | null;
  };
  rating_flag_ratings: { flag_id: string; rating_id: string };
  /** Alerts on what citizens say (migration 0025; server/integrity/satisfaction-alerts.ts). */
  satisfaction_alerts: {
    id: Generated<number>;
    kind: 'negative_share' | 'sudden_drop';
    subject_kind: 'counter' | 'staff';
    subject_id: string;
    unit_id: string;
    started_at: number;
    ended_at: number | null;
    /** JSON object: the window's figures when it opened. */
    detail: string;
    mailed_at: number | null;
    mail_error: string | null;
  };
  /** Each device's counter over time (migration 0022): null, bound to its unit only. */
  device_bindings: { device_id: string; bound_at: number; counter_id: string | null };
  /** Staff logins and logouts as kiosks sent them (migration 0022, docs/integrity.md). */
  session_events: {
    id: string;
    device_id: string;
    unit_id: string;
    seq: number;
    kind: 'login' | 'logout';
    session_id: string;
    staff_id: string;
    counter_id: string;
    reason: string;
    created_at: number;
    corrected_at: number;
    received_at: number;
    content_hash: string;
  };
  /** Runs of a device's chained records whose links follow each other (migration 0022). */
  chain_segments: { device_id: string; first_seq: number; last_seq: number; first_prev_hash: string; last_hash: string; records: number; received_at: number };
  /** Where a device's chain is broken, between two stored records (migration 0022). */
  chain_breaks: { device_id: string; after_seq: number; before_seq: number; kind: 'missing' | 'altered'; detected_at: number };
  /** Attempts the per-session cap refused, per session ('' for none), as the kiosk counts them. */
  session_refusals: { device_id: string; staff_session_id: string; counter_id: string; refused: number; updated_at: number };
  /** A device's ratings per Vietnam day (migration 0022): its volume against the plausible maximum. */
  device_day_volumes: { device_id: string; day: number; ratings: number };
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
  /** The province's Ed25519 release key(s); exactly one not retired (migration 0009). */
  release_keys: { public_key: string; registered_at: number; retired_at: number | null };
  /** One per version and platform; `manifest` is latest.yml as uploaded, as JSON; `folder` under the releases folder. */
  releases: {
    version: string;
    platform: 'windows' | 'linux';
    manifest: string;
    signature: string;
    public_key: string;
    folder: string;
    uploaded_at: number;
  };
  /** Every file of every release (installers and blockmaps), by its unique name. */
  release_files: { name: string; version: string; platform: string; size: number; sha512: string };
  /** Versions IT promoted from the pilot ring to everyone. */
  release_promotions: { version: string; promoted_at: number };
  update_rings: { ring: 'pilot' | 'everyone'; pinned_version: string | null; updated_at: number };
  /** One row: the kill switch. */
  update_feed: { id: number; paused_at: number | null };
  unit_update_rings: { unit_id: string; ring: 'pilot' | 'everyone'; updated_at: number };
  device_update_rings: { device_id: string; ring: 'pilot' | 'everyone'; updated_at: number };
  /** The province's SMTP relay for the monthly reports (one row, migration 0020). */
  mail_relay: {
    id: number;
    host: string;
    port: number;
    security: 'starttls' | 'tls' | 'none';
    username: string | null;
    /** Sealed with the server's keys (migration 0028; server/secret-keys.ts). */
    sealed_password: string | null;
    password_key_id: string | null;
    from_address: string;
    updated_at: number;
  };
  /** Days the monthly schedule skips besides weekends ("YYYY-MM-DD", Vietnam). */
  public_holidays: { day: string; name: string };
  /** One address per console account (province or unit head) that receives the monthly report. */
  report_subscriptions: { user_id: string; email: string; created_at: number; updated_at: number };
  /** One row per account and month ("YYYY-MM"): claimed ('sending') before the send, then sent, failed or uncertain. */
  monthly_report_sends: {
    user_id: string;
    month: string;
    email: string;
    status: 'sending' | 'sent' | 'failed' | 'uncertain';
    attempts: number;
    claimed_at: number;
    next_attempt_at: number | null;
    sent_at: number | null;
    last_error: string | null;
  };
  /** Per Vietnam day number (days since 1970-01-01). */
  rating_rollup_days: RollupKey & RollupCounts & { day: number };
  /** Per month, as yyyymm. */
  rating_rollup_months: RollupKey & RollupCounts & { month: number };
}
