import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { ProvisioningFilesRequestSchema } from '../../../shared/console/fleet';
import { provisioningFileText, serverOrigin } from '../../../shared/provisioning';
import { hashEnrollmentCode } from '../../devices';
import { releaseKeyInForce } from '../../updates/release-store';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';
import { UserScope } from '../scope';
import { FLEET_ROLES } from './fleet';

/** A name as ASCII for a file name: tones and marks dropped, đ as d, anything else a dash. */
export function asciiFileName(text: string, max = 60): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

interface KioskFile {
  fileName: string;
  counterId: string;
  counterName: string;
  deskRole: string;
  expiresAt: string;
  text: string;
}

function readme(unitId: string, unitName: string, serverUrl: string, files: KioskFile[], at: number): string {
  const rows = files.map((file) => `${file.fileName}\n    ${file.counterName} (${file.counterId}, ${file.deskRole}) — hết hạn / expires ${file.expiresAt}`);
  return [
    `Nụ cười — tệp cài đặt kiosk (provisioning files) — ${unitName} (${unitId})`,
    `Máy chủ / server: ${serverUrl}`,
    `Tạo lúc / made at: ${new Date(at).toISOString()}`,
    '',
    'Mỗi tệp .json dành cho MỘT kiosk: chứa một mã kích hoạt dùng một lần cho quầy ghi bên dưới. Giữ kín như mật khẩu.',
    'Each .json file is for ONE kiosk: it holds a single-use enrolment code for the counter named below. Keep it like a password.',
    '',
    'Windows: nu-cuoi-setup-<version>-x64.exe /S /PROVISION=<tệp/file>',
    '         (hoặc đổi tên thành / or rename it to provisioning.json next to the installer)',
    'Linux:   install-kiosk.sh --provisioning <tệp/file>',
    '',
    ...rows,
    '',
  ].join('\r\n');
}

/**
 * The enrolment codes just made, as one provisioning file per kiosk in one ZIP (docs/fleet.md,
 * "Enrolment codes"): the same file the command line's `provisioning-file` writes. Only codes the
 * server issued for the unit's counters, unused and still valid, become files; the audit names the
 * counters, never a code.
 */
export async function provisioningFileRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  app.post('/fleet/provisioning-files', async (request, reply) => {
    const session = requireSession(request, FLEET_ROLES);
    const input = parseInput(ProvisioningFilesRequestSchema, request.body);
    (await UserScope.of(db, session.user)).requireUnit(input.unitId);
    const serverUrl = serverOrigin(input.serverUrl);
    if (!serverUrl) throw new ConsoleError(400, 'invalid_server_url', {}, 'serverUrl');
    const updatePublicKey = await releaseKeyInForce(db);
    if (!updatePublicKey) throw new ConsoleError(409, 'no_release_key');
    const unit = await db.selectFrom('units').select('name').where('id', '=', input.unitId).executeTakeFirst();
    if (!unit) throw new ConsoleError(404, 'unknown_unit', { unit: input.unitId }, 'unitId');
    const at = now();
    const hashes = [...new Set(input.codes.map((code) => hashEnrollmentCode(code)))];
    const rows = await db
      .selectFrom('enrollment_codes')
      .innerJoin('counters', 'counters.id', 'enrollment_codes.counter_id')
      .select(['enrollment_codes.code_hash', 'enrollment_codes.expires_at', 'counters.id as counter_id', 'counters.name as counter_name', 'counters.desk_role'])
      .where('enrollment_codes.code_hash', 'in', hashes)
      .where('enrollment_codes.unit_id', '=', input.unitId)
      .where('counters.unit_id', '=', input.unitId)
      .where('enrollment_codes.used_at', 'is', null)
      .where('enrollment_codes.expires_at', '>', at)
      .execute();
    const byHash = new Map(rows.map((row) => [row.code_hash, row]));
    const unusable = hashes.filter((hash) => !byHash.has(hash)).length;
    if (unusable > 0) throw new ConsoleError(400, 'enrolment_code_unusable', { count: unusable }, 'codes');

    const files: KioskFile[] = [];
    const taken = new Set<string>();
    for (const code of [...new Set(input.codes)]) {
      const row = byHash.get(hashEnrollmentCode(code))!;
      const expiresAt = new Date(Number(row.expires_at)).toISOString();
      const made = provisioningFileText({ serverUrl, enrollmentCode: code, updatePublicKey, expiresAt, deviceName: row.counter_name.slice(0, 100) }, at);
      if (!made.ok) throw new ConsoleError(400, 'invalid_input', { detail: made.reason.replace(code, '…') });
      let fileName = `${input.unitId}_${asciiFileName(row.counter_name) || asciiFileName(row.counter_id)}.json`;
      if (taken.has(fileName)) fileName = `${input.unitId}_${asciiFileName(row.counter_name)}_${asciiFileName(row.counter_id)}.json`;
      for (let n = 2; taken.has(fileName); n++) fileName = `${input.unitId}_${asciiFileName(row.counter_id)}-${n}.json`;
      taken.add(fileName);
      files.push({ fileName, counterId: row.counter_id, counterName: row.counter_name, deskRole: row.desk_role, expiresAt, text: made.text });
    }
    files.sort((a, b) => a.fileName.localeCompare(b.fileName));

    const zip = new JSZip();
    const date = new Date(at);
    zip.file('README.txt', readme(input.unitId, unit.name, serverUrl, files, at), { date });
    // Each file holds a code: readable by its owner only once unpacked on Linux.
    for (const file of files) zip.file(file.fileName, file.text, { date, unixPermissions: 0o600 });
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });

    await writeAudit(db, {
      actor: session.user,
      action: 'provisioning_files_exported',
      details: { unitId: input.unitId, counters: files.map((file) => file.counterId), serverUrl },
      address: clientAddress(request),
      at,
    });
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="provisioning-${input.unitId}.zip"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  });
}
