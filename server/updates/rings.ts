/**
 * Who is offered which release (docs/updates.md). Each kiosk is in a ring: its own override, else
 * its unit's ring, else the ring of the nearest parent unit that has one, else `everyone`. The
 * pilot ring is offered the newest release uploaded, everyone the newest one IT promoted; a ring
 * pinned to a version is offered that version (a rollback when it is older); the kill switch
 * stops every offer.
 */
import { compareVersions, type ReleaseRing } from '../../shared/release';
import type { RingSummary } from '../../shared/console/updates';
import type { ServerDb } from '../db/connect';
import { HttpError } from '../errors';
import type { ReleasePlatform } from './manifest-file';
import { findRelease, type StoredRelease } from './release-store';

/** Units nest (county → commune); a ring set high up reaches every kiosk below. Deeper trees are not real. */
const MAX_UNIT_DEPTH = 16;
export const DEFAULT_RING: ReleaseRing = 'everyone';

export type RingTarget = { unitId: string } | { deviceId: string };

export async function isPaused(db: ServerDb): Promise<boolean> {
  const row = await db.selectFrom('update_feed').select('paused_at').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.paused_at !== null;
}

/** The kill switch: while paused, no ring is offered anything. */
export async function setPaused(db: ServerDb, paused: boolean, now: number): Promise<void> {
  await db.updateTable('update_feed').set({ paused_at: paused ? now : null }).where('id', '=', 1).execute();
}

async function requireVersion(db: ServerDb, version: string): Promise<void> {
  const row = await db.selectFrom('releases').select('version').where('version', '=', version).executeTakeFirst();
  if (!row) throw new HttpError(404, 'unknown_version', `no release ${version} on this server (npm run admin -- releases lists them)`);
}

/** Offers a release to everyone (it stays offered to the pilot ring). */
export async function promoteRelease(db: ServerDb, version: string, now: number): Promise<void> {
  await requireVersion(db, version);
  await db
    .insertInto('release_promotions')
    .values({ version, promoted_at: now })
    .onConflict((conflict) => conflict.column('version').doNothing())
    .execute();
}

/** Pins a ring to a version on the server (null unpins). The kiosks of that ring install it even when it is older. */
export async function pinRing(db: ServerDb, ring: ReleaseRing, version: string | null, now: number): Promise<void> {
  if (version !== null) await requireVersion(db, version);
  await db.updateTable('update_rings').set({ pinned_version: version, updated_at: now }).where('ring', '=', ring).execute();
}

/** Puts a unit (and the units under it) or one kiosk in a ring; null goes back to the inherited ring. */
export async function assignRing(db: ServerDb, target: RingTarget, ring: ReleaseRing | null, now: number): Promise<void> {
  if ('unitId' in target) {
    const unit = await db.selectFrom('units').select('id').where('id', '=', target.unitId).executeTakeFirst();
    if (!unit) throw new HttpError(404, 'unknown_unit', `no unit ${target.unitId}`);
    if (ring === null) await db.deleteFrom('unit_update_rings').where('unit_id', '=', target.unitId).execute();
    else {
      await db
        .insertInto('unit_update_rings')
        .values({ unit_id: target.unitId, ring, updated_at: now })
        .onConflict((conflict) => conflict.column('unit_id').doUpdateSet({ ring, updated_at: now }))
        .execute();
    }
    return;
  }
  const device = await db.selectFrom('devices').select('id').where('id', '=', target.deviceId).executeTakeFirst();
  if (!device) throw new HttpError(404, 'unknown_device', `no kiosk ${target.deviceId}`);
  if (ring === null) await db.deleteFrom('device_update_rings').where('device_id', '=', target.deviceId).execute();
  else {
    await db
      .insertInto('device_update_rings')
      .values({ device_id: target.deviceId, ring, updated_at: now })
      .onConflict((conflict) => conflict.column('device_id').doUpdateSet({ ring, updated_at: now }))
      .execute();
  }
}

/** The ring of an enrolled, not revoked kiosk; null for any other id. */
export async function ringOfDevice(db: ServerDb, deviceId: string): Promise<ReleaseRing | null> {
  const device = await db
    .selectFrom('devices')
    .leftJoin('device_update_rings', 'device_update_rings.device_id', 'devices.id')
    .select(['devices.unit_id', 'devices.revoked_at', 'device_update_rings.ring'])
    .where('devices.id', '=', deviceId)
    .executeTakeFirst();
  if (!device || device.revoked_at !== null) return null;
  if (device.ring) return device.ring;
  let unitId: string | null = device.unit_id;
  for (let depth = 0; unitId !== null && depth < MAX_UNIT_DEPTH; depth++) {
    const unit: { parent_id: string | null; ring: ReleaseRing | null } | undefined = await db
      .selectFrom('units')
      .leftJoin('unit_update_rings', 'unit_update_rings.unit_id', 'units.id')
      .select(['units.parent_id', 'unit_update_rings.ring'])
      .where('units.id', '=', unitId)
      .executeTakeFirst();
    if (!unit) break;
    if (unit.ring) return unit.ring;
    unitId = unit.parent_id;
  }
  return DEFAULT_RING;
}

export type Offer = { kind: 'release'; release: StoredRelease; pinned: boolean } | { kind: 'paused' } | { kind: 'none' };

/** What a ring is offered now on a platform. */
export async function offerFor(db: ServerDb, ring: ReleaseRing, platform: ReleasePlatform): Promise<Offer> {
  if (await isPaused(db)) return { kind: 'paused' };
  const state = await db.selectFrom('update_rings').select('pinned_version').where('ring', '=', ring).executeTakeFirstOrThrow();
  if (state.pinned_version !== null) {
    const release = await findRelease(db, state.pinned_version, platform);
    return release ? { kind: 'release', release, pinned: true } : { kind: 'none' };
  }
  let query = db.selectFrom('releases').select('releases.version').where('releases.platform', '=', platform);
  if (ring !== 'pilot') query = query.innerJoin('release_promotions', 'release_promotions.version', 'releases.version');
  const versions = (await query.execute()).map((row) => row.version);
  if (versions.length === 0) return { kind: 'none' };
  const newest = versions.reduce((best, version) => (compareVersions(version, best) > 0 ? version : best));
  const release = await findRelease(db, newest, platform);
  return release ? { kind: 'release', release, pinned: false } : { kind: 'none' };
}

export type { RingSummary } from '../../shared/console/updates';

/** Each ring: its pin, what it is offered per platform, and the units and kiosks put in it explicitly. */
export async function ringSummaries(db: ServerDb): Promise<RingSummary[]> {
  const rings = await db.selectFrom('update_rings').select(['ring', 'pinned_version']).orderBy('ring', 'desc').execute();
  const units = await db.selectFrom('unit_update_rings').select(['unit_id', 'ring']).orderBy('unit_id').execute();
  const devices = await db.selectFrom('device_update_rings').select(['device_id', 'ring']).orderBy('device_id').execute();
  const summaries: RingSummary[] = [];
  for (const { ring, pinned_version } of rings) {
    const offered: RingSummary['offered'] = {};
    for (const platform of ['windows', 'linux'] as const) {
      const offer = await offerFor(db, ring, platform);
      offered[platform] = offer.kind === 'release' ? { version: offer.release.version, pinned: offer.pinned } : null;
    }
    summaries.push({
      ring,
      pinnedVersion: pinned_version,
      offered,
      units: units.filter((u) => u.ring === ring).map((u) => u.unit_id),
      devices: devices.filter((d) => d.ring === ring).map((d) => d.device_id),
    });
  }
  return summaries;
}
