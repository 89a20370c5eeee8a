/**
 * Provisioning files from the console (issue 11): the codes just made for a unit's counters come
 * back as one ZIP, one provisioning file per kiosk that a kiosk reads at first start, with an
 * index; only IT staff and administrators may have it, and the audit names the counters, never a code.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_API_PREFIX, CSRF_HEADER } from '../../../../shared/console/api';
import type { IssuedCode } from '../../../../shared/console/fleet';
import { generateReleaseKeyPair } from '../../../../shared/node/release-signing';
import { checkMachineProvisioning } from '../../../../shared/provisioning';
import { hashEnrollmentCode } from '../../../../server/devices';
import { backend } from '../../helpers';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../harness';

const SERVER = 'https://nucuoi.bacgiang.gov.vn';

/** The export as the browser fetches it: session cookie, CSRF token, the raw bytes. */
async function exportFiles(client: ConsoleClient, body: unknown): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(`${client.baseUrl}${CONSOLE_API_PREFIX}/fleet/provisioning-files`, {
    method: 'POST',
    headers: { cookie: client.cookie ?? '', 'content-type': 'application/json', 'accept-language': 'vi', [CSRF_HEADER]: client.csrfToken ?? '' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const errorOf = (answer: { bytes: Buffer }) => JSON.parse(answer.bytes.toString('utf8')) as { error: string; message: string; field?: string };

describe(`provisioning files in the console (${backend})`, { timeout: 120_000 }, () => {
  let server: ConsoleTestServer;
  let itStaff: ConsoleClient;
  let administrator: ConsoleClient;
  let unitHead: ConsoleClient;
  let province: ConsoleClient;
  let releaseKey: string;

  beforeAll(async () => {
    server = await startConsoleServer();
    await server.addUser('kythuat', 'it');
    await server.addUser('quantri', 'admin');
    await server.addUser('truong.trungtam', 'unit_head', { unitId: 'bg-ttpvhcc' });
    await server.addUser('so.noivu', 'province');
    itStaff = server.client();
    administrator = server.client();
    unitHead = server.client();
    province = server.client();
    for (const [client, login] of [[itStaff, 'kythuat'], [administrator, 'quantri'], [unitHead, 'truong.trungtam'], [province, 'so.noivu']] as const) {
      expect((await client.login(login)).status).toBe(200);
    }
  });
  afterAll(() => server?.close());

  const makeCodes = async (client: ConsoleClient, body: Record<string, unknown>) => {
    const made = await client.post<{ codes: IssuedCode[] }>('/fleet/enrolment-codes', body);
    expect(made.status).toBe(201);
    return made.body.codes;
  };

  it('without a release key on the server, says so in Vietnamese and makes no file', async () => {
    const codes = await makeCodes(itStaff, { unitId: 'bg-ttpvhcc', counterIds: ['ttpvhcc-q01'] });
    const refused = await exportFiles(itStaff, { unitId: 'bg-ttpvhcc', serverUrl: SERVER, codes: codes.map((c) => c.code) });
    expect(refused.status).toBe(409);
    expect(errorOf(refused)).toMatchObject({ error: 'no_release_key', message: expect.stringContaining('npm run admin -- release-key') });
    releaseKey = generateReleaseKeyPair().publicKey;
    await server.releases.registerKey(releaseKey, false);
  });

  it('IT staff export the codes made for a unit as one ZIP: a provisioning file per counter, named by unit and counter, and an index', async () => {
    const codes = await makeCodes(itStaff, { unitId: 'bg-ttpvhcc', days: 14 });
    const answer = await exportFiles(itStaff, { unitId: 'bg-ttpvhcc', serverUrl: `${SERVER}/`, codes: codes.map((c) => c.code) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/zip');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="provisioning-bg-ttpvhcc.zip"');
    expect(answer.headers.get('cache-control')).toBe('no-store');

    const zip = await JSZip.loadAsync(answer.bytes);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(['README.txt', 'bg-ttpvhcc_quay-01-so-tu-phap.json', 'bg-ttpvhcc_quay-02-so-tai-nguyen-va-moi-truong.json', 'bg-ttpvhcc_quay-09-tra-ket-qua.json']);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9._-]+$/);

    // Each entry is a file a kiosk accepts at first start, holding the code made for that counter.
    const expected: Record<string, string> = {
      'bg-ttpvhcc_quay-01-so-tu-phap.json': 'ttpvhcc-q01',
      'bg-ttpvhcc_quay-02-so-tai-nguyen-va-moi-truong.json': 'ttpvhcc-q02',
      'bg-ttpvhcc_quay-09-tra-ket-qua.json': 'ttpvhcc-q09',
    };
    for (const [name, counterId] of Object.entries(expected)) {
      const check = checkMachineProvisioning(await zip.file(name)!.async('string'), server.clock.now);
      if (!check.ok) throw new Error(`${name}: ${check.reason}`);
      expect(check.expiredCode).toBeNull();
      const issued = codes.find((c) => c.counterId === counterId)!;
      expect(check.provisioning).toEqual({
        serverUrl: SERVER,
        enrollmentCode: issued.code,
        updatePublicKey: releaseKey,
        expiresAt: new Date(issued.expiresAt).toISOString(),
        deviceName: issued.counterName,
      });
      const stored = await server.db.selectFrom('enrollment_codes').select(['unit_id', 'counter_id']).where('code_hash', '=', hashEnrollmentCode(issued.code)).executeTakeFirstOrThrow();
      expect(stored).toEqual({ unit_id: 'bg-ttpvhcc', counter_id: counterId });
    }
    expect(new Date(codes[0]!.expiresAt).getTime()).toBe(server.clock.now + 14 * 86_400_000);

    const index = await zip.file('README.txt')!.async('string');
    expect(index).toContain('Trung tâm Phục vụ hành chính công tỉnh Bắc Giang');
    for (const [name] of Object.entries(expected)) expect(index).toContain(name);
    expect(index).toContain('Quầy 09 – Trả kết quả');
    for (const code of codes) expect(index).not.toContain(code.code);

    const audit = await server.db.selectFrom('console_audit').select(['login', 'role', 'details']).where('action', '=', 'provisioning_files_exported').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ login: 'kythuat', role: 'it' });
    expect(JSON.parse(audit[0]!.details)).toEqual({ unitId: 'bg-ttpvhcc', counters: ['ttpvhcc-q01', 'ttpvhcc-q02', 'ttpvhcc-q09'], serverUrl: SERVER });
    for (const code of codes) expect(audit[0]!.details).not.toContain(code.code);
  });

  it('administrators may export the counters they chose', async () => {
    const codes = await makeCodes(administrator, { unitId: 'bg-ln-motcua', counterIds: ['ln-q05'] });
    const answer = await exportFiles(administrator, { unitId: 'bg-ln-motcua', serverUrl: SERVER, codes: codes.map((c) => c.code) });
    expect(answer.status).toBe(200);
    const zip = await JSZip.loadAsync(answer.bytes);
    expect(Object.keys(zip.files).sort()).toEqual(['README.txt', 'bg-ln-motcua_quay-5-tra-ket-qua.json']);
  });

  it('a unit head or the province is refused, and nothing is audited for them', async () => {
    const codes = await makeCodes(itStaff, { unitId: 'bg-ttpvhcc', counterIds: ['ttpvhcc-q01'] });
    for (const client of [unitHead, province]) {
      const refused = await exportFiles(client, { unitId: 'bg-ttpvhcc', serverUrl: SERVER, codes: codes.map((c) => c.code) });
      expect(refused.status).toBe(403);
      expect(errorOf(refused).error).toBe('forbidden');
    }
    const audit = await server.db.selectFrom('console_audit').select('login').where('action', '=', 'provisioning_files_exported').execute();
    expect(audit.map((row) => row.login)).not.toContain('truong.trungtam');
    expect(audit.map((row) => row.login)).not.toContain('so.noivu');
  });

  it('refuses a used code, a code of another unit, a made-up code and a server address with a path — naming the problem in Vietnamese, no file made', async () => {
    const [used, fresh] = await makeCodes(itStaff, { unitId: 'bg-ttpvhcc', counterIds: ['ttpvhcc-q01', 'ttpvhcc-q02'] });
    await server.db.updateTable('enrollment_codes').set({ used_at: server.clock.now }).where('code_hash', '=', hashEnrollmentCode(used!.code)).execute();
    const [otherUnit] = await makeCodes(itStaff, { unitId: 'bg-ln-motcua', counterIds: ['ln-q01'] });
    const before = await server.db.selectFrom('console_audit').select('id').where('action', '=', 'provisioning_files_exported').execute();
    for (const code of [used!.code, otherUnit!.code, 'ABCD-EFGH-JKMN']) {
      const refused = await exportFiles(itStaff, { unitId: 'bg-ttpvhcc', serverUrl: SERVER, codes: [fresh!.code, code] });
      expect(refused.status).toBe(400);
      expect(errorOf(refused)).toMatchObject({ error: 'enrolment_code_unusable', field: 'codes' });
      expect(errorOf(refused).message).toMatch(/^1 mã không dùng được/);
      expect(refused.bytes.toString('utf8')).not.toContain(code);
    }
    const badAddress = await exportFiles(itStaff, { unitId: 'bg-ttpvhcc', serverUrl: `${SERVER}/console`, codes: [fresh!.code] });
    expect(badAddress.status).toBe(400);
    expect(errorOf(badAddress)).toMatchObject({ error: 'invalid_server_url', field: 'serverUrl' });
    const after = await server.db.selectFrom('console_audit').select('id').where('action', '=', 'provisioning_files_exported').execute();
    expect(after).toHaveLength(before.length);
  });
});
