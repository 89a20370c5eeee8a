/**
 * Kiosk releases on the seeded console site, for the updates page's end-to-end test and its
 * screenshots: two signed Windows releases (0.1.0 promoted to everyone, 0.2.0 on the pilot ring
 * only), and what two kiosks' updaters reported — one waiting for its quiet hours, one failed.
 */
import { recordUpdaterState } from '../../../server/updates/updater-state';
import { generateReleaseKeyPair } from '../../../shared/node/release-signing';
import { buildRelease } from '../../server/updates/harness';
import type { ConsoleSite } from './harness';

export const WAITING_KIOSK = 'dev-bg-ln-motcua';
export const FAILED_KIOSK = 'dev-bg-sd-anchau';

export async function seedReleases(site: ConsoleSite, reportedAt: number): Promise<void> {
  const keys = generateReleaseKeyPair();
  await site.releases.registerKey(keys.publicKey, false);
  for (const version of ['0.1.0', '0.2.0']) {
    const release = await buildRelease(site.releasesDir, version, keys.privateKeyPem, { content: Buffer.alloc(300_000, version) });
    await site.releases.upload({ manifestPath: release.manifestPath, signature: release.signature });
  }
  await site.releases.promote('0.1.0');
  await recordUpdaterState(site.db, WAITING_KIOSK, { phase: 'ready', version: '0.2.0', waitingFor: 'quiet_hours', error: null, since: reportedAt }, reportedAt);
  await recordUpdaterState(site.db, FAILED_KIOSK, { phase: 'failed', version: '0.2.0', error: 'sha512 checksum mismatch', since: reportedAt }, reportedAt);
}
