import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApi } from '../../server/admin-api';
import { BADGE_CODE_PATTERN_V2, currentBadges, issuedBadgeCode } from '../../server/badges';
import type { OpenedDatabase } from '../../server/db/connect';
import { importRoster, rosterForUnit } from '../../server/roster';
import { SecretKeyRing } from '../../server/secret-keys';
import { hashBadgeCode, keyedBadgeHash, keyedOldBadgeHash, newBadgeKey } from '../../shared/node/badge-hash';
import { RosterResponseSchema, type RosterResponse } from '../../shared/protocol';
import { BADGE_CODE_PATTERN } from '../../shared/staff-login';
import demoRoster from '../../assets/demo/roster.json';
import { backend, enroll, openTestDatabase, startTestServer, type TestKiosk, type TestServer } from './helpers';

/** Badges no one can forge (issue 13, finding 4): what the server issues and what it tells kiosks. */
describe(`badges (${backend})`, () => {
  let server: TestServer;
  let centre: TestKiosk;
  let district: TestKiosk;
  beforeAll(async () => {
    server = await startTestServer();
    centre = await enroll(server, { unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q01' });
    district = await enroll(server, { unitId: 'bg-ln-motcua', counterId: 'ln-q01' });
  });
  afterAll(() => server?.close());

  async function roster(kiosk: TestKiosk): Promise<{ roster: RosterResponse; etag: string; text: string }> {
    const answer = await kiosk.send('GET', '/roster');
    expect(answer.status).toBe(200);
    return { roster: RosterResponseSchema.parse(answer.json), etag: answer.headers.get('etag')!, text: JSON.stringify(answer.json) };
  }
  const codeOf = async (unitId: string, staffId: string) => (await server.admin.currentBadges(unitId, [staffId])).badges[0]!.code;

  it('issues codes no one can make from a staff number: 100 bits of the server’s own key', async () => {
    const { badges } = await server.admin.currentBadges('bg-ttpvhcc');
    expect(badges.length).toBeGreaterThan(3);
    for (const badge of badges) {
      expect(badge.code).toMatch(BADGE_CODE_PATTERN_V2);
      expect(badge.code).toMatch(BADGE_CODE_PATTERN); // the kiosk's scanners read it like any badge
      expect(badge.code).not.toContain(badge.staffId.replace(/^st-/, ''));
    }
    expect(new Set(badges.map((b) => b.code)).size).toBe(badges.length);
    // Without the key, knowing the scheme, the staff id and the issue number gives nothing.
    expect(issuedBadgeCode(newBadgeKey(), 'st-000102', 1)).not.toBe(await codeOf('bg-ttpvhcc', 'st-000102'));
    expect(issuedBadgeCode(newBadgeKey(), 'st-000102', 1)).not.toBe(issuedBadgeCode(newBadgeKey(), 'st-000102', 1));
  });

  it('tells each unit’s kiosks keyed hashes under the unit’s own key, and never a code', async () => {
    const { roster: centreRoster, text } = await roster(centre);
    const { roster: districtRoster } = await roster(district);
    const badges = centreRoster.badges!;
    expect(badges).toMatchObject({ scheme: 'hmac-sha256-v2', unitId: 'bg-ttpvhcc', oldBadgesEndAt: null });
    expect(districtRoster.badges!.unitId).toBe('bg-ln-motcua');
    expect(districtRoster.badges!.key).not.toBe(badges.key);
    const code = await codeOf('bg-ttpvhcc', 'st-000101');
    expect(badges.staff.find((s) => s.staffId === 'st-000101')).toEqual({
      staffId: 'st-000101',
      badgeHash: keyedBadgeHash(badges.key, code),
      oldBadgeHash: keyedOldBadgeHash(badges.key, hashBadgeCode('BG-26-000101')),
    });
    expect(text).not.toContain(code);
    expect(text).not.toContain('BG-26-000101');
    // Another kiosk of the same unit gets the same key.
    expect((await roster(await enroll(server, { unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q02' }))).roster.badges!.key).toBe(badges.key);
  });

  it('gives the same badge another hash in another unit: an officer who moves keeps the badge, not the hash', async () => {
    const before = (await roster(centre)).roster.badges!.staff.find((s) => s.staffId === 'st-000104')!;
    const moved = demoRoster.staff.map((s) => (s.id === 'st-000104' ? { ...s, unitId: 'bg-ln-motcua' } : s));
    await server.admin.importRoster({ ...demoRoster, staff: moved });
    try {
      const district_ = (await roster(district)).roster.badges!;
      const after = district_.staff.find((s) => s.staffId === 'st-000104')!;
      expect(after.badgeHash).not.toBe(before.badgeHash);
      expect(after.badgeHash).toBe(keyedBadgeHash(district_.key, await codeOf('bg-ln-motcua', 'st-000104')));
      expect((await roster(centre)).roster.badges!.staff.some((s) => s.staffId === 'st-000104')).toBe(false);
    } finally {
      await server.admin.importRoster(demoRoster);
    }
  });

  it('old-format badges: kiosks are told when they stop, and older kiosks get the new badge once they have', async () => {
    const open = await roster(centre);
    const officer = (r: RosterResponse) => r.staff.find((s) => s.id === 'st-000101')!;
    expect(officer(open.roster).badgeHash).toBe(hashBadgeCode('BG-26-000101'));

    // The server's clock is 2026-11-21 10:00 in Vietnam: the last day of old badges was yesterday.
    expect(await server.admin.setOldBadgesUntil('2026-11-20')).toBe('2026-11-20');
    const ended = await roster(centre);
    expect(ended.roster.badges!.oldBadgesEndAt).toBe(Date.parse('2026-11-21T00:00:00+07:00'));
    expect(officer(ended.roster).badgeHash).toBe(hashBadgeCode(await codeOf('bg-ttpvhcc', 'st-000101')));
    expect(ended.etag).not.toBe(open.etag);

    await server.admin.setOldBadgesUntil('2026-12-31');
    const extended = await roster(centre);
    expect(extended.roster.badges!.oldBadgesEndAt).toBe(Date.parse('2027-01-01T00:00:00+07:00'));
    expect(officer(extended.roster).badgeHash).toBe(hashBadgeCode('BG-26-000101'));
    await expect(server.admin.setOldBadgesUntil('2026-02-30')).rejects.toThrow(/not a day/);
    await server.admin.setOldBadgesUntil(null);
    expect(await server.admin.oldBadgesUntil()).toBeNull();
  });

  it('a reissued badge: its old codes leave the roster, and a later HR import does not bring the old-format one back', async () => {
    const before = (await roster(centre)).roster.badges!.staff.find((s) => s.staffId === 'st-000103')!;
    expect(before.oldBadgeHash).toBeDefined();
    const reissued = await server.admin.reissueBadge('st-000103');
    expect(reissued).toMatchObject({ staffId: 'st-000103', issue: 2 });
    await server.admin.importRoster(demoRoster); // HR's file still lists BG-26-000103
    const { roster: after } = await roster(centre);
    const credentials = after.badges!.staff.find((s) => s.staffId === 'st-000103')!;
    expect(credentials).toEqual({ staffId: 'st-000103', badgeHash: keyedBadgeHash(after.badges!.key, reissued.code) });
    expect(credentials.badgeHash).not.toBe(before.badgeHash);
    expect(after.staff.find((s) => s.id === 'st-000103')!.badgeHash).toBe(hashBadgeCode(reissued.code));
    await expect(server.admin.reissueBadge('st-nobody')).rejects.toThrow(/no staff member/);
  });
});

/** The badge keys sealed at rest (migration 0032): a key rotation seals them again, and no badge changes. */
describe(`badge keys at rest (${backend})`, () => {
  const [firstKey, secondKey] = [randomBytes(32), randomBytes(32)];
  const first = SecretKeyRing.of(firstKey);
  const at = Date.UTC(2026, 10, 21, 3, 0, 0);
  let database: OpenedDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(first);
    await importRoster(database.db, demoRoster);
  });
  afterAll(() => database?.close());

  it('are sealed in their rows, and a rotation seals them with the new key: the same badges log in, the old key alone opens nothing', async () => {
    const { db } = database;
    const before = (await rosterForUnit(db, first, 'bg-ttpvhcc', at)).badges;
    const codes = (await currentBadges(db, first, 'bg-ttpvhcc', null, at)).badges.map((b) => b.code);
    const rows = async () => [
      ...(await db.selectFrom('badge_signing_key').select(['sealed_secret', 'secret_key_id']).execute()),
      ...(await db.selectFrom('unit_badge_keys').select(['sealed_secret', 'secret_key_id']).execute()),
    ];
    expect((await rows()).map((row) => row.secret_key_id)).toEqual([first.currentId, first.currentId]);
    expect(JSON.stringify(await rows())).not.toContain(before.key);

    // The new key seals, the first one still opens until the rotation has run.
    const rotating = SecretKeyRing.of(secondKey, [firstKey]);
    const rotation = await createAdminApi(db, rotating, () => at).rotateDeviceKey();
    expect(rotation).toMatchObject({ keyId: rotating.currentId, badgeKeysResealed: 2 });
    expect((await rows()).map((row) => row.secret_key_id)).toEqual([rotating.currentId, rotating.currentId]);
    expect(JSON.stringify(await rows())).not.toContain(before.key);

    // With the new key alone: the same codes and the same unit key, so the kiosks' hashes still match.
    const second = SecretKeyRing.of(secondKey);
    const after = await currentBadges(db, second, 'bg-ttpvhcc', null, at);
    expect(after.badges.map((b) => b.code)).toEqual(codes);
    const credentials = (await rosterForUnit(db, second, 'bg-ttpvhcc', at)).badges;
    expect(credentials).toEqual(before);
    const officer = after.badges.find((b) => b.staffId === 'st-000101')!;
    expect(credentials.staff.find((s) => s.staffId === 'st-000101')!.badgeHash).toBe(keyedBadgeHash(credentials.key, officer.code));
    await expect(currentBadges(db, first, 'bg-ttpvhcc', null, at)).rejects.toThrow(/no key/);
    await expect(rosterForUnit(db, first, 'bg-ttpvhcc', at)).rejects.toThrow(/no key/);
  });
});
