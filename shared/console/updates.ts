/**
 * Kiosk updates on the console (`/api/console/v1/updates…`, IT staff): the release key, the kill
 * switch, the releases and what each ring is offered, the rings of units and kiosks, and each
 * kiosk's updater. The same figures as `npm run admin -- releases` (server/updates/release-admin.ts
 * answers both). The console imports types only. Docs: docs/updates.md.
 */
import { z } from 'zod';
import { ReleaseRingSchema, ReleaseVersionSchema, type ReleaseRing } from '../release';
import type { UpdaterState } from '../protocol';
import { RecordId } from '../schema-helpers';

export type ReleasePlatform = 'windows' | 'linux';

export interface ReleaseSummary {
  version: string;
  platform: ReleasePlatform;
  files: { name: string; size: number }[];
  uploadedAt: number;
  promotedAt: number | null;
}

/** A ring: its pin, what it is offered per platform, and the units and kiosks put in it explicitly. */
export interface RingSummary {
  ring: ReleaseRing;
  pinnedVersion: string | null;
  offered: Partial<Record<ReleasePlatform, { version: string; pinned: boolean } | null>>;
  units: string[];
  devices: string[];
}

/** A kiosk not revoked, with the updater state it last reported (null: none yet, or no self-updater). */
export interface DeviceUpdaterState {
  deviceId: string;
  name: string;
  unitId: string;
  appVersion: string;
  updater: UpdaterState | null;
  reportedAt: number | null;
}

export interface UpdateStatus {
  publicKey: string | null;
  paused: boolean;
  releases: ReleaseSummary[];
  rings: RingSummary[];
  kiosks: DeviceUpdaterState[];
}

/** The kill switch: every offer stops at once, or starts again. */
export const UpdatesPausedRequestSchema = z.strictObject({ paused: z.boolean() });

/** Offer a release to everyone (the pilot ring has it from its upload). */
export const PromoteReleaseRequestSchema = z.strictObject({ version: ReleaseVersionSchema });

/** Pin a ring to a version (an older one is a rollback), or unpin it with null. */
export const PinRingRequestSchema = z.strictObject({ ring: ReleaseRingSchema, version: ReleaseVersionSchema.nullable() });

/** Put a unit (and the units under it) or one kiosk in a ring; null: back to what it inherits. */
export const AssignRingRequestSchema = z.strictObject({
  target: z.union([z.strictObject({ unitId: RecordId }), z.strictObject({ deviceId: RecordId })]),
  ring: ReleaseRingSchema.nullable(),
});
export type AssignRingRequest = z.output<typeof AssignRingRequestSchema>;
