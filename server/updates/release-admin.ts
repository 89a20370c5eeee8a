/**
 * What IT does with releases, one interface for the admin CLI (server/admin/releases.ts), the
 * running server's loopback admin route (feed.ts) and the console (server/console/routes/updates.ts). Each method checks its
 * input and answers a clear HttpError (4xx) that changes nothing.
 */
import { z } from 'zod';
import type { ReleaseSummary, UpdateStatus } from '../../shared/console/updates';
import { ReleaseRingSchema, ReleaseVersionSchema, type ReleaseRing } from '../../shared/release';
import type { ServerDb } from '../db/connect';
import { HttpError } from '../errors';
import { describeIssues } from '../roster';
import { listReleases, registerReleaseKey, releaseKeyInForce, uploadRelease, type UploadInput } from './release-store';
import { assignRing, isPaused, pinRing, promoteRelease, ringSummaries, setPaused, type RingTarget } from './rings';
import { listUpdaterStates } from './updater-state';

export type { ReleaseSummary, UpdateStatus } from '../../shared/console/updates';

export interface ReleaseAdmin {
  registerKey(publicKey: string, replace: boolean): Promise<void>;
  upload(input: UploadInput): Promise<ReleaseSummary>;
  promote(version: string): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  pin(ring: ReleaseRing, version: string | null): Promise<void>;
  assignRing(target: RingTarget, ring: ReleaseRing | null): Promise<void>;
  status(): Promise<UpdateStatus>;
}

/** The methods and their arguments, as the loopback admin route receives them (JSON). */
export const ReleaseAdminCallSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('registerKey'), args: z.tuple([z.string().max(200), z.boolean()]) }),
  z.strictObject({ method: z.literal('upload'), args: z.tuple([z.strictObject({ manifestPath: z.string().min(1).max(4096), signature: z.string().max(200).nullable() })]) }),
  z.strictObject({ method: z.literal('promote'), args: z.tuple([ReleaseVersionSchema]) }),
  z.strictObject({ method: z.literal('setPaused'), args: z.tuple([z.boolean()]) }),
  z.strictObject({ method: z.literal('pin'), args: z.tuple([ReleaseRingSchema, ReleaseVersionSchema.nullable()]) }),
  z.strictObject({
    method: z.literal('assignRing'),
    args: z.tuple([z.union([z.strictObject({ unitId: z.string().min(1).max(64) }), z.strictObject({ deviceId: z.string().min(1).max(64) })]), ReleaseRingSchema.nullable()]),
  }),
  z.strictObject({ method: z.literal('status'), args: z.tuple([]) }),
]);
export type ReleaseAdminCall = z.output<typeof ReleaseAdminCallSchema>;

export function parseReleaseAdminCall(value: unknown): ReleaseAdminCall {
  const parsed = ReleaseAdminCallSchema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'invalid_body', describeIssues(parsed.error).slice(0, 5).join('; '));
  return parsed.data;
}

/** Runs a parsed call on an admin. */
export function dispatchReleaseAdminCall(admin: ReleaseAdmin, call: ReleaseAdminCall): Promise<unknown> {
  switch (call.method) {
    case 'registerKey':
      return admin.registerKey(...call.args);
    case 'upload':
      return admin.upload(call.args[0]);
    case 'promote':
      return admin.promote(...call.args);
    case 'setPaused':
      return admin.setPaused(...call.args);
    case 'pin':
      return admin.pin(...call.args);
    case 'assignRing':
      return admin.assignRing(...call.args);
    case 'status':
      return admin.status();
  }
}

export function createReleaseAdmin(db: ServerDb, releasesDir: string, now: () => number): ReleaseAdmin {
  const summaries = async (): Promise<ReleaseSummary[]> => {
    const promotions = new Map((await db.selectFrom('release_promotions').selectAll().execute()).map((row) => [row.version, row.promoted_at]));
    const files = await db.selectFrom('release_files').select(['name', 'version', 'platform', 'size']).orderBy('name').execute();
    return (await listReleases(db)).map((release) => ({
      version: release.version,
      platform: release.platform,
      files: files.filter((f) => f.version === release.version && f.platform === release.platform).map((f) => ({ name: f.name, size: f.size })),
      uploadedAt: release.uploadedAt,
      promotedAt: promotions.get(release.version) ?? null,
    }));
  };
  return {
    registerKey: (publicKey, replace) => registerReleaseKey(db, publicKey, { replace, now: now() }),
    async upload(input) {
      const stored = await uploadRelease(db, releasesDir, input, now());
      const summary = (await summaries()).find((r) => r.version === stored.version && r.platform === stored.platform);
      return summary!;
    },
    promote: (version) => promoteRelease(db, version, now()),
    setPaused: (paused) => setPaused(db, paused, now()),
    pin: (ring, version) => pinRing(db, ring, version, now()),
    assignRing: (target, ring) => assignRing(db, target, ring, now()),
    async status() {
      return {
        publicKey: await releaseKeyInForce(db),
        paused: await isPaused(db),
        releases: await summaries(),
        rings: await ringSummaries(db),
        kiosks: await listUpdaterStates(db),
      };
    },
  };
}
