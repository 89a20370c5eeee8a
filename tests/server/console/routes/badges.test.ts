import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_API_PREFIX, CSRF_HEADER } from '../../../../shared/console/api';
import type { ReissuedBadge, UnitBadges } from '../../../../shared/console/badges';
import { currentBadges } from '../../../../server/badges';
import { rosterForUnit } from '../../../../server/roster';
import { listUnitStaff } from '../../../../server/roster-import/admin';
import { verifyPin } from '../../../../shared/node/pin-hash';
import { RosterResponseSchema } from '../../../../shared/protocol';
import { backend } from '../../helpers';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../harness';

/** The sheet as the browser downloads it: the session cookie, the CSRF token, the raw bytes. */
async function sheet(client: ConsoleClient, body: unknown): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const answer = await client.request('POST', '/badges/sheet', body);
  if (answer.status !== 200) return { status: answer.status, headers: answer.headers, bytes: Buffer.from(JSON.stringify(answer.body)) };
  throw new Error('use pdfSheet for a sheet that prints');
}

async function pdfSheet(client: ConsoleClient, body: unknown): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(`${client.baseUrl}${CONSOLE_API_PREFIX}/badges/sheet`, {
    method: 'POST',
    headers: { cookie: client.cookie ?? '', 'content-type': 'application/json', [CSRF_HEADER]: client.csrfToken ?? '' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe(`badges in the console (${backend})`, { timeout: 120_000 }, () => {
  let server: ConsoleTestServer;
  let itStaff: ConsoleClient;
  let trungTamHead: ConsoleClient;
  let lucNganHead: ConsoleClient;
  let administrator: ConsoleClient;

  beforeAll(async () => {
    server = await startConsoleServer();
    await server.addUser('kythuat', 'it');
    await server.addUser('truong.trungtam', 'unit_head', { unitId: 'bg-ttpvhcc' });
    await server.addUser('truong.lucngan', 'unit_head', { unitId: 'bg-ln-motcua' });
    await server.addUser('quantri', 'admin');
    itStaff = server.client();
    trungTamHead = server.client();
    lucNganHead = server.client();
    administrator = server.client();
    await itStaff.login('kythuat');
    await trungTamHead.login('truong.trungtam');
    await lucNganHead.login('truong.lucngan');
    await administrator.login('quantri');
  });
  afterAll(() => server.close());

  const codeOf = async (staffId: string, unitId = 'bg-ttpvhcc') => (await currentBadges(server.db, server.keys, unitId, [staffId], server.clock.now)).badges[0]!.code;

  it('lists a unit’s staff in Vietnamese order (Đ with D), the order `admin staff --unit` prints', async () => {
    const answer = await itStaff.request<UnitBadges>('GET', '/badges/units/bg-ttpvhcc');
    const names = answer.body.staff.map((s) => s.fullName);
    expect(names.indexOf('Đặng Minh Khôi')).toBeLessThan(names.indexOf('Lê Thị Hương'));
    expect(names.indexOf('Đặng Minh Khôi')).toBeLessThan(names.indexOf('Trần Văn Đức'));
    expect(answer.body.staff.map((s) => s.staffId)).toEqual((await listUnitStaff(server.db, server.keys, 'bg-ttpvhcc', server.clock.now)).map((s) => s.id));
  });

  it('lists a unit’s staff with their badge’s issue and never a code', async () => {
    const answer = await itStaff.request<UnitBadges>('GET', '/badges/units/bg-ttpvhcc');
    expect(answer.status).toBe(200);
    expect(answer.body.staff.map((s) => s.staffId).sort()).toEqual(['st-000101', 'st-000102', 'st-000103', 'st-000104', 'st-000105', 'st-000106']);
    expect(JSON.stringify(answer.body)).not.toMatch(/NC-|BG-26/);
  });

  it('IT staff reissue a badge: the new code is answered once, the issue goes up, and the reissue is audited without the code', async () => {
    const before = await codeOf('st-000102');
    const answer = await itStaff.request<{ badge: ReissuedBadge }>('POST', '/badges/staff/st-000102/reissue', {});
    expect(answer.status).toBe(200);
    const { badge } = answer.body;
    expect(badge).toMatchObject({ staffId: 'st-000102', issue: 2 });
    expect(badge.code).not.toBe(before);
    expect(badge.code).toBe(await codeOf('st-000102'));
    expect(badge.qrSvg).toMatch(/^<svg/);
    const audit = await server.db.selectFrom('console_audit').select(['login', 'details']).where('action', '=', 'badge_reissued').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.login).toBe('kythuat');
    expect(JSON.parse(audit[0]!.details)).toEqual({ staffId: 'st-000102', unitId: 'bg-ttpvhcc', issue: 2 });
    expect(audit[0]!.details).not.toContain(badge.code);
  });

  it('a unit head reissues badges of their own units only; an administrator not at all', async () => {
    expect((await trungTamHead.request('POST', '/badges/staff/st-000103/reissue', {})).status).toBe(200);
    const outside = await lucNganHead.request('POST', '/badges/staff/st-000104/reissue', {});
    expect(outside.status).toBe(403);
    expect(outside.body).toMatchObject({ error: 'out_of_scope' });
    // The district head's subtree holds the commune under it.
    expect((await lucNganHead.request('POST', '/badges/staff/st-020301/reissue', {})).status).toBe(200);
    expect((await administrator.request('POST', '/badges/staff/st-000104/reissue', {})).status).toBe(403);
    expect((await lucNganHead.request('GET', '/badges/units/bg-ttpvhcc')).status).toBe(403);
    const unknown = await itStaff.request('POST', '/badges/staff/st-999999/reissue', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'unknown_staff' });
    expect(unknown.body.message).toBe('Không có cán bộ st-999999.');
  });

  it('prints the sheet of chosen staff as a PDF with their current codes, audited by staff id', async () => {
    const printed = await pdfSheet(itStaff, { unitId: 'bg-ttpvhcc', staffIds: ['st-000102', 'st-000104'] });
    expect(printed.status).toBe(200);
    expect(printed.headers.get('content-type')).toBe('application/pdf');
    expect(printed.headers.get('content-disposition')).toBe('attachment; filename="the-bg-ttpvhcc.pdf"');
    expect(printed.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(mkdtempSync(join(tmpdir(), 'nucuoi-badges-')), 'sheet.pdf');
    writeFileSync(file, printed.bytes);
    // The code's letter spacing reads as spaces in the PDF's text.
    const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain(await codeOf('st-000102'));
    expect(text).toContain(await codeOf('st-000104'));
    expect(text).not.toContain(await codeOf('st-000105'));
    const audit = await server.db.selectFrom('console_audit').select('details').where('action', '=', 'badge_sheet_printed').execute();
    expect(JSON.parse(audit.at(-1)!.details)).toEqual({ unitId: 'bg-ttpvhcc', printed: ['st-000102', 'st-000104'], skipped: 0 });
  });

  it('refuses a sheet with nothing to print, staff of another unit, or a unit outside the scope, with the reason in Vietnamese', async () => {
    const inactive = await sheet(itStaff, { unitId: 'bg-ln-motcua', staffIds: ['st-010299'] });
    expect(inactive.status).toBe(400);
    expect(JSON.parse(inactive.bytes.toString())).toMatchObject({ error: 'no_printable_badge', field: 'staffIds' });
    const otherUnit = await sheet(itStaff, { unitId: 'bg-ttpvhcc', staffIds: ['st-010201'] });
    expect(otherUnit.status).toBe(404);
    expect(JSON.parse(otherUnit.bytes.toString())).toMatchObject({ error: 'unknown_staff' });
    expect((await sheet(lucNganHead, { unitId: 'bg-ttpvhcc' })).status).toBe(403);
    expect((await sheet(itStaff, { unitId: 'bg-ttpvhcc', staffIds: [] })).status).toBe(400);
  });
});

describe(`PINs set in the console (${backend})`, { timeout: 60_000 }, () => {
  let server: ConsoleTestServer;
  let itStaff: ConsoleClient;
  let lucNganHead: ConsoleClient;
  let province: ConsoleClient;

  beforeAll(async () => {
    server = await startConsoleServer();
    await server.addUser('kythuat', 'it');
    await server.addUser('truong.lucngan', 'unit_head', { unitId: 'bg-ln-motcua' });
    await server.addUser('so.noivu', 'province');
    itStaff = server.client();
    lucNganHead = server.client();
    province = server.client();
    await itStaff.login('kythuat');
    await lucNganHead.login('truong.lucngan');
    await province.login('so.noivu');
  });
  afterAll(() => server.close());

  it('a unit head sets a PIN for an officer of their units: only a salted hash is kept and sent in the roster, and the PIN is in no audit entry', async () => {
    const answer = await lucNganHead.request('PUT', '/badges/staff/st-020301/pin', { pin: '482915' });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).not.toContain('482915');
    const stored = await server.db.selectFrom('staff').select(['pin_hash', 'pin_set_at']).where('id', '=', 'st-020301').executeTakeFirstOrThrow();
    expect(stored.pin_hash).toMatch(/^scrypt\$/);
    expect(verifyPin('482915', stored.pin_hash!)).toBe(true);
    const roster = await rosterForUnit(server.db, server.keys, 'bg-ln-phuongson', server.clock.now);
    expect(roster.staffPins).toEqual({ 'st-020301': { hash: stored.pin_hash, setAt: server.clock.now } });
    expect(RosterResponseSchema.safeParse({ ...roster, serverTime: server.clock.now }).success).toBe(true);
    const audit = await server.db.selectFrom('console_audit').select(['action', 'details']).where('action', '=', 'staff_pin_set').execute();
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ staffId: 'st-020301', unitId: 'bg-ln-phuongson' }]);
    const listed = await lucNganHead.request<UnitBadges>('GET', '/badges/units/bg-ln-phuongson');
    expect(listed.body.staff.find((s) => s.staffId === 'st-020301')).toMatchObject({ hasPin: true, pinSetAt: server.clock.now });
    expect(JSON.stringify(listed.body)).not.toContain('scrypt');
  });

  it('refuses a PIN that is too short, too long, not digits or one digit repeated, in Vietnamese, storing nothing', async () => {
    for (const pin of ['123', '123456789', '12a4', '7777', '000000', 1234]) {
      const answer = await itStaff.request('PUT', '/badges/staff/st-000101/pin', { pin });
      expect(answer.status, String(pin)).toBe(400);
      expect(answer.body).toMatchObject({ error: 'invalid_pin', field: 'pin' });
      expect(answer.body.message).toBe('Mã PIN phải gồm 4 đến 8 chữ số và không được là một chữ số lặp lại (như 1111). Không có gì được lưu.');
      expect(String(answer.body.message)).not.toContain(String(pin));
    }
    expect((await server.db.selectFrom('staff').select('pin_set_at').where('id', '=', 'st-000101').executeTakeFirstOrThrow()).pin_set_at).toBeNull();
  });

  it('a unit head sets no PIN outside their units and the province none at all; clearing a PIN is kept as a time for kiosks', async () => {
    expect((await lucNganHead.request('PUT', '/badges/staff/st-000101/pin', { pin: '482915' })).status).toBe(403);
    expect((await province.request('PUT', '/badges/staff/st-000101/pin', { pin: '482915' })).status).toBe(403);
    expect((await itStaff.request('PUT', '/badges/staff/st-000102/pin', { pin: '482915' })).status).toBe(200);
    expect((await itStaff.request('DELETE', '/badges/staff/st-000102/pin')).status).toBe(200);
    const roster = await rosterForUnit(server.db, server.keys, 'bg-ttpvhcc', server.clock.now);
    expect(roster.staffPins?.['st-000102']).toEqual({ hash: null, setAt: server.clock.now });
  });
});

describe(`photos uploaded in the console (${backend})`, { timeout: 60_000 }, () => {
  let server: ConsoleTestServer;
  let itStaff: ConsoleClient;
  let lucNganHead: ConsoleClient;
  beforeAll(async () => {
    server = await startConsoleServer();
    await server.addUser('kythuat', 'it');
    await server.addUser('truong.lucngan', 'unit_head', { unitId: 'bg-ln-motcua' });
    itStaff = server.client();
    lucNganHead = server.client();
    await itStaff.login('kythuat');
    await lucNganHead.login('truong.lucngan');
  });
  afterAll(() => server.close());

  const upload = (client: ConsoleClient, staffId: string, body: Buffer, type = 'image/png') =>
    fetch(`${client.baseUrl}${CONSOLE_API_PREFIX}/badges/staff/${staffId}/photo`, {
      method: 'PUT',
      headers: { cookie: client.cookie ?? '', 'content-type': type, [CSRF_HEADER]: client.csrfToken ?? '', 'accept-language': 'vi' },
      body: new Uint8Array(body),
    });

  it('keeps an uploaded PNG as a JPEG of at most 512 px, audited, and sends it in the unit’s roster', async () => {
    const image = new PNG({ width: 800, height: 1000 });
    image.data.fill(128);
    const answer = await upload(itStaff, 'st-000104', PNG.sync.write(image));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ staffId: 'st-000104', width: 410, height: 512 });
    const roster = await rosterForUnit(server.db, server.keys, 'bg-ttpvhcc', server.clock.now);
    expect(roster.staff.find((s) => s.id === 'st-000104')!.photo).toMatch(/^data:image\/jpeg;base64,/);
    const audit = await server.db.selectFrom('console_audit').select('details').where('action', '=', 'staff_photo_set').execute();
    expect(JSON.parse(audit[0]!.details)).toEqual({ staffId: 'st-000104', unitId: 'bg-ttpvhcc', width: 410, height: 512 });
  });

  it('refuses a file that is not an image with the reason in Vietnamese, and a unit head outside their units; nothing stored', async () => {
    const svg = await upload(itStaff, 'st-000105', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/png');
    expect(svg.status).toBe(400);
    expect(await svg.json()).toMatchObject({ error: 'photo_not_image', field: 'photo', message: expect.stringMatching(/không phải ảnh JPEG hoặc PNG/) });
    const image = new PNG({ width: 20, height: 20 });
    expect((await upload(lucNganHead, 'st-000105', PNG.sync.write(image))).status).toBe(403);
    expect((await server.db.selectFrom('staff').select('photo').where('id', '=', 'st-000105').executeTakeFirstOrThrow()).photo).toBeNull();
  });
});
