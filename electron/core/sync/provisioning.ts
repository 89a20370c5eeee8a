import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Mass deployment: IT staff drop `provisioning.json` into the kiosk's data folder before its
 * first start (with the installer, a GPO file copy, an image). The kiosk reads it once, queues the
 * enrolment it describes and renames the file, so a code is never read twice.
 *
 *   { "serverUrl": "https://nucuoi.example.gov.vn", "enrollmentCode": "ABCD-1234", "deviceName": "Quầy 01" }
 *
 * Without `enrollmentCode` the kiosk pairs with that server instead (docs/sync.md "Pairing"): it
 * shows a short code on its admin screen for IT staff to approve in the console — one file for
 * every machine of an image.
 * With `"replace": true` it also moves an enrolled kiosk to that server: only the kiosk's own
 * account (or an administrator of the machine) can write its data folder (mode 0700).
 */
export const PROVISIONING_FILE = 'provisioning.json';

export const ProvisioningSchema = z.strictObject({
  serverUrl: z.string().min(1).max(300),
  enrollmentCode: z.string().trim().min(6).max(64).optional(),
  deviceName: z.string().trim().min(1).max(100).optional(),
  replace: z.boolean().optional(),
});
export type Provisioning = z.output<typeof ProvisioningSchema>;

export type ProvisioningRead =
  | { kind: 'none' }
  | { kind: 'ok'; provisioning: Provisioning; movedTo: string }
  | { kind: 'invalid'; reason: string; movedTo: string };

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

/**
 * Reads the provisioning file, if there is one, hands it to `store` (which queues the enrolment in
 * the database) and only then renames it: a crash in between reads it again at the next start.
 * A file that does not parse is renamed too, and the reason reported.
 */
export function takeProvisioningFile(
  dataDir: string,
  now: number,
  store: (provisioning: Provisioning) => void,
): ProvisioningRead {
  const path = join(dataDir, PROVISIONING_FILE);
  if (!existsSync(path)) return { kind: 'none' };
  let parsed: ReturnType<typeof ProvisioningSchema.safeParse> | null = null;
  let reason = '';
  try {
    parsed = ProvisioningSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
  } catch (error) {
    reason = `not valid JSON: ${(error as Error).message}`;
  }
  if (parsed?.success) {
    store(parsed.data);
    const movedTo = `${path}.consumed-${stamp(now)}`;
    renameSync(path, movedTo);
    return { kind: 'ok', provisioning: parsed.data, movedTo };
  }
  const movedTo = `${path}.invalid-${stamp(now)}`;
  renameSync(path, movedTo);
  return { kind: 'invalid', reason, movedTo };
}
