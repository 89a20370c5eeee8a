import { describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../server/admin-api';
import { conflictLines, deviceTable, jsonListing } from '../../server/admin-output';

// eslint-disable-next-line no-control-regex
const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A kiosk stored before names were checked, with a name and version that attack the terminal. */
const hostile: DeviceSummary = {
  deviceId: '019aa7d3-52c1-7b3e-9d0f-2c5a8e41b7a0',
  name: 'Quầy 01\u001b]0;owned\u0007\u001b[2J',
  unitId: 'bg-ttpvhcc',
  counterId: 'ttpvhcc-q01',
  appVersion: '0.1.0\u202e',
  enrolledAt: 1,
  revokedAt: null,
  lastSeenAt: 1,
  lastHeartbeatAt: 1,
  pendingCount: 0,
  oldestPendingAgeMs: null,
  lastError: 'mạng\u0085lỗi\u2067',
  clockOffsetMs: 0,
  failedLogins: { badges: 3, pins: 1 },
  conflictsNotKept: 0,
  status: 'online',
  openAlerts: [],
  rosterProblems: [],
};

describe('what npm run admin prints', () => {
  it('shows ESC, BEL and U+202E from a kiosk as escapes, never raw: the terminal is not cleared or retitled', () => {
    const table = deviceTable([hostile], 2);
    expect(table).not.toMatch(RAW_UNSAFE);
    expect(table).toContain('Quầy 01\\u001b]0;owned\\u0007\\u001b[2J');
    expect(table).toContain('0.1.0\\u202e');
    expect(table).toContain('error: mạng\\u0085lỗi\\u2067');
    expect(table.split('\n')).toHaveLength(2);
  });

  it('shows a kiosk that left roster rows out in error, with the staff ids and reasons, until a roster applies whole', () => {
    const leftOut = { ...hostile, lastError: null, rosterProblems: [{ staffId: 'st-000102', reason: 'duplicate_badge' }, { staffId: 'st-000103', reason: 'duplicate_badge' }] };
    expect(deviceTable([leftOut], 2)).toContain('error: roster not fully applied, 2 row(s) left out (st-000102 duplicate_badge, st-000103 duplicate_badge)');
    expect(deviceTable([{ ...leftOut, rosterProblems: [] }], 2)).toMatch(/ ok$/);
  });

  it('keeps --json listings valid JSON with the same values, and nothing raw in them', () => {
    const listing = jsonListing([hostile]);
    expect(listing).not.toMatch(RAW_UNSAFE);
    expect(JSON.parse(listing)).toEqual([hostile]);
    const conflicts = [{ ratingId: 'r\u202e1', deviceId: 'd\u001b', batchId: 'b', receivedAt: 0, content: { comment: 'x\u0007\u009b' } }];
    expect(jsonListing(conflicts)).not.toMatch(RAW_UNSAFE);
    expect(JSON.parse(jsonListing(conflicts))).toEqual(conflicts);
    expect(conflictLines(conflicts)).not.toMatch(RAW_UNSAFE);
  });
});
