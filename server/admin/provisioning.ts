/**
 * `npm run admin -- provisioning-file …`: one kiosk's provisioning file (shared/provisioning.ts):
 * the server's address, a fresh single-use enrolment code for a unit and counter, the province's
 * release key to pin, and when the code expires. Put it next to the installer (or pass it with
 * /PROVISION=) and the installed kiosk enrols itself (docs/deploy.en.md).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { provisioningFileText, serverOrigin, type MachineProvisioning } from '../../shared/provisioning';
import type { AdminApi } from '../admin-api';

export const PROVISIONING_USAGE = `  provisioning-file --server <url> --unit <id> [--counter <id>] [--days <n>] [--name <kiosk name>] --out <file>
                                                        a kiosk's provisioning file: a new enrolment code and the release key`;

class ProvisioningUsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new ProvisioningUsageError(`${name} needs a value`);
  return value;
}

export interface ProvisioningDeps {
  createEnrollmentCode: AdminApi['createEnrollmentCode'];
  /** The release key in force on the server, or null. */
  releaseKey: () => Promise<string | null>;
  now: number;
}

/** Writes one provisioning file; answers the exit code. */
export async function runProvisioningCommand(args: string[], deps: ProvisioningDeps): Promise<number> {
  try {
    const server = option(args, '--server');
    const unitId = option(args, '--unit');
    const out = option(args, '--out');
    if (!server || !unitId || !out) throw new ProvisioningUsageError('provisioning-file needs --server <url>, --unit <id> and --out <file>');
    const serverUrl = serverOrigin(server);
    if (!serverUrl) throw new ProvisioningUsageError(`--server must be the server's http(s) address without path, such as https://nucuoi.bacgiang.gov.vn (not ${server})`);
    const days = Number(option(args, '--days') ?? 7);
    if (!Number.isFinite(days) || days <= 0) throw new ProvisioningUsageError('--days must be a positive number');
    const path = resolve(out);
    if (existsSync(path)) throw new ProvisioningUsageError(`${path} exists: each kiosk gets a file of its own, never overwritten`);
    const updatePublicKey = await deps.releaseKey();
    if (!updatePublicKey) throw new ProvisioningUsageError('no release key is registered yet: npm run admin -- release-key --out <file> first');
    const counterId = option(args, '--counter') ?? null;
    const deviceName = option(args, '--name');
    const enrollmentCode = await deps.createEnrollmentCode({ unitId, counterId, days });
    const provisioning: MachineProvisioning = {
      serverUrl,
      enrollmentCode,
      updatePublicKey,
      expiresAt: new Date(deps.now + days * 86_400_000).toISOString(),
      ...(deviceName ? { deviceName } : {}),
    };
    // The kiosk reads it with the same check: a file that would be refused is never written.
    const file = provisioningFileText(provisioning, deps.now);
    if (!file.ok) throw new ProvisioningUsageError(`the file would be refused by a kiosk: ${file.reason}`);
    writeFileSync(path, file.text, { mode: 0o600, flag: 'wx' });
    console.log(path);
    console.error(`kiosk provisioning for unit ${unitId}${counterId ? `, counter ${counterId}` : ''}: code valid ${days} days (until ${provisioning.expiresAt})`);
    return 0;
  } catch (error) {
    if (error instanceof ProvisioningUsageError) {
      console.error(`${error.message}\n\n${PROVISIONING_USAGE}`);
      return 2;
    }
    throw error;
  }
}
