/**
 * The machine provisioning file (docs/deploy.en.md "Enrolment at scale"): what makes a fresh PC an
 * enrolled kiosk that trusts the province's releases. `npm run admin -- provisioning-file` writes
 * it; the installer puts it in the machine's kiosk folder (Windows: %ProgramData%\nu-cuoi\, Linux:
 * /etc/nu-cuoi/); the kiosk reads it at start (electron/main/machine-provisioning.ts).
 *
 *   { "serverUrl": "https://nucuoi.bacgiang.gov.vn", "enrollmentCode": "K7QM-4XZ2-9RTB",
 *     "updatePublicKey": "MCowBQYDK2VwAyEA…", "expiresAt": "2026-12-01T10:00:00.000Z",
 *     "deviceName": "TTPVHCC quầy 01" }
 */
import { z } from 'zod';
import { cleanText } from './schema-helpers';

export const MACHINE_PROVISIONING_FILE = 'provisioning.json';

/**
 * The origin of a server address as IT staff type it (http(s), host and port; a trailing slash is
 * fine), or null: a path, query, fragment or password is refused rather than dropped, since
 * requests are signed with the path /api/v1/…
 */
export function serverOrigin(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return null;
  return url.origin;
}

/** The text of an Ed25519 public key as `release-key` prints it (base64 DER SubjectPublicKeyInfo). */
export const ReleasePublicKeyTextSchema = z
  .string()
  .trim()
  .regex(/^MCowBQYDK2VwAyEA[A-Za-z0-9+/]{43}=$/, 'must be the Ed25519 public key that `npm run admin -- release-key` printed (MCowBQYDK2VwAyEA…)');

export const MachineProvisioningSchema = z.strictObject({
  serverUrl: z
    .string()
    .max(300)
    .refine((value) => serverOrigin(value) !== null, {
      message: "must be the server's http(s) address without path, query or password, such as https://nucuoi.bacgiang.gov.vn",
    }),
  /** A single-use code bound to a unit and counter (`npm run admin -- enrol-code` or `provisioning-file`). */
  enrollmentCode: z.string().trim().min(6).max(64),
  /** The province's release key: the kiosk installs only releases it signed. */
  updatePublicKey: ReleasePublicKeyTextSchema,
  /** When the enrolment code expires: a kiosk does not try a code past this. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  /** Shown in the server's device list; the machine's name when absent. */
  deviceName: cleanText(100).pipe(z.string().trim().min(1)).optional(),
});
export type MachineProvisioning = z.output<typeof MachineProvisioningSchema>;

/**
 * A readable file: its content, and `expiredCode` (why the enrolment code may no longer be tried)
 * when the code has expired; the release key stays good whatever the code's expiry.
 */
export type ProvisioningCheck = { ok: true; provisioning: MachineProvisioning; expiredCode: string | null } | { ok: false; reason: string };

/** Parses a provisioning file's text; a reason names every problem, for IT staff. */
export function checkMachineProvisioning(text: string, now: number): ProvisioningCheck {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
  const parsed = MachineProvisioningSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, reason: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ') };
  }
  const expiredCode =
    parsed.data.expiresAt && Date.parse(parsed.data.expiresAt) <= now
      ? `the enrolment code expired on ${parsed.data.expiresAt}: make a new file with npm run admin -- provisioning-file`
      : null;
  return { ok: true, provisioning: { ...parsed.data, serverUrl: serverOrigin(parsed.data.serverUrl)! }, expiredCode };
}

/**
 * The text of a provisioning file as kiosks read it (JSON, two-space indented, one final newline),
 * checked with the kiosk's own check: a file a kiosk would refuse (or whose code has expired) is a
 * reason instead. The command line (`provisioning-file`) and the console's export both write it.
 */
export function provisioningFileText(provisioning: MachineProvisioning, now: number): { ok: true; text: string } | { ok: false; reason: string } {
  const text = `${JSON.stringify(provisioning, null, 2)}\n`;
  const check = checkMachineProvisioning(text, now);
  if (!check.ok) return { ok: false, reason: check.reason };
  if (check.expiredCode) return { ok: false, reason: check.expiredCode };
  return { ok: true, text };
}
