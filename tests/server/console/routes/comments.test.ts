import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Comment } from '../../../../shared/console/api';
import { backend } from '../../helpers';
import { addKiosk, ingest, makeRating, type TestKiosk } from '../../reports/ratings';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../harness';

const HOUR = 3_600_000;
const PERIOD = 'from=2026-11-01&to=2026-11-30';

interface Page {
  items: Comment[];
  total: number;
  page: number;
  pageSize: number;
}

describe(`citizens’ comments: masked, searchable without tones, audited, in scope (${backend})`, () => {
  let server: ConsoleTestServer;
  let province: ConsoleClient;
  let provincePersonal: ConsoleClient;
  let districtHead: ConsoleClient;
  let admin: ConsoleClient;
  beforeAll(async () => {
    server = await startConsoleServer();
    const now = server.clock.now; // 2026-11-21 10:00 in Vietnam
    const kiosks: Record<string, TestKiosk> = {};
    for (const counter of ['ttpvhcc-q01', 'ln-q01', 'ps-q01']) kiosks[counter] = await addKiosk(server.db, counter, now);
    const say = (counter: string, hoursAgo: number, comment: string | null, staffId: string | null, score: 1 | 2 | 3 = 3) =>
      ingest(server.db, kiosks[counter]!, [makeRating(kiosks[counter]!, now - hoursAgo * HOUR, { comment, staffId, score })], now);
    await say('ttpvhcc-q01', 1, 'Chị Hà rất nhiệt tình, gọi lại cho tôi số 0912 345 678 nhé', 'st-000101', 3);
    await say('ttpvhcc-q01', 2, 'Thư trả lời gửi về an.nguyen@gmail.com, CCCD 001203004567', null, 2);
    await say('ttpvhcc-q01', 3, null, 'st-000101', 1);
    await say('ln-q01', 4, 'Cán bộ NHIỆT TÌNH, hướng dẫn chu đáo', 'st-010201', 3);
    await say('ln-q01', 5, 'Phải chờ quá lâu, 100% không hài lòng', 'st-010202', 1);
    await say('ps-q01', 6, 'Xã làm nhanh, cảm ơn', 'st-020301', 3);
    // Last month: outside the period asked.
    await say('ps-q01', 24 * 30, 'Tháng trước: nhiệt tình', null, 3);
    await server.addUser('so.noivu', 'province');
    await server.addUser('so.noivu.dulieu', 'province', { maySeePersonalData: true });
    await server.addUser('truong.lucngan', 'unit_head', { unitId: 'bg-ln-motcua' });
    await server.addUser('quan.tri', 'admin');
    province = server.client();
    await province.login('so.noivu');
    provincePersonal = server.client();
    await provincePersonal.login('so.noivu.dulieu');
    districtHead = server.client();
    await districtHead.login('truong.lucngan');
    admin = server.client();
    await admin.login('quan.tri');
  });
  afterAll(() => server?.close());

  it('lists the period’s comments newest first with score, unit, counter, officer and time, phone numbers, e-mails and ID numbers masked', async () => {
    const { status, body } = await province.get<Page>(`/comments?${PERIOD}`);
    expect(status).toBe(200);
    expect(body.total).toBe(5);
    expect(body.items.map((c) => c.text.slice(0, 12))).toEqual(['Chị Hà rất n', 'Thư trả lời ', 'Cán bộ NHIỆT', 'Phải chờ quá', 'Xã làm nhanh']);
    const times = body.items.map((c) => c.at);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const first = body.items[0]!;
    expect(first).toMatchObject({ score: 3, unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q01', counterName: 'Quầy 01 – Sở Tư pháp', staffId: 'st-000101', staffName: 'Nguyễn Thị Thu Hà', masked: 1 });
    expect(first.text).toBe('Chị Hà rất nhiệt tình, gọi lại cho tôi số •••• ••• •78 nhé');
    const second = body.items[1]!;
    expect(second).toMatchObject({ staffId: null, staffName: null, masked: 2 });
    expect(second.text).not.toMatch(/an\.nguyen|gmail|0012030045/);
    expect(JSON.stringify(body)).not.toContain('0912');
  });

  it('a province account allowed to see personal data reads comments as written', async () => {
    const { body } = await provincePersonal.get<Page>(`/comments?${PERIOD}&pageSize=2`);
    expect(body.items[0]!.text).toBe('Chị Hà rất nhiệt tình, gọi lại cho tôi số 0912 345 678 nhé');
    expect(body.items[1]!.text).toContain('an.nguyen@gmail.com');
    expect(body.items.map((c) => c.masked)).toEqual([0, 0]);
  });

  it('search ignores tones and case, matches every word, and never matches hidden personal data', async () => {
    const found = async (q: string, client = province) => (await client.get<Page>(`/comments?${PERIOD}&q=${encodeURIComponent(q)}`)).body.items.map((c) => c.staffId ?? '-');
    expect(await found('nhiet tinh')).toEqual(['st-000101', 'st-010201']);
    expect(await found('NHIỆT   Tình')).toEqual(['st-000101', 'st-010201']);
    expect(await found('huong dan chu dao')).toEqual(['st-010201']);
    expect(await found('0912')).toEqual([]);
    expect(await found('gmail')).toEqual([]);
    expect(await found('gmail', provincePersonal)).toEqual([]);
    expect(await found('100%')).toEqual(['st-010202']);
    expect(await found('%')).toEqual(['st-010202']);
    expect(await found("' OR '1'='1")).toEqual([]);
  });

  it('filters by score, unit (with the units under it), counter and officer, and pages', async () => {
    const ids = async (query: string) => (await province.get<Page>(`/comments?${PERIOD}&${query}`)).body;
    expect((await ids('score=1')).items.map((c) => c.staffId)).toEqual(['st-010202']);
    expect((await ids('unit=bg-ln-motcua')).items.map((c) => c.unitId)).toEqual(['bg-ln-motcua', 'bg-ln-motcua', 'bg-ln-phuongson']);
    expect((await ids('counter=ps-q01')).items.map((c) => c.counterId)).toEqual(['ps-q01']);
    expect((await ids('staff=st-000101')).items).toHaveLength(1);
    const second = await ids('pageSize=4&page=2');
    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 4 });
    expect(second.items.map((c) => c.text.slice(0, 12))).toEqual(['Xã làm nhanh']);
    expect((await ids('pageSize=4&page=99999')).items).toEqual([]);
  });

  it('a unit head sees their subtree’s comments only, and is refused another unit’s, counter’s or officer’s', async () => {
    const { body } = await districtHead.get<Page>(`/comments?${PERIOD}`);
    expect(body.items.map((c) => c.unitId).sort()).toEqual(['bg-ln-motcua', 'bg-ln-motcua', 'bg-ln-phuongson']);
    for (const filter of ['unit=bg-ttpvhcc', 'counter=ttpvhcc-q01', 'staff=st-000101', 'unit=no-such-unit']) {
      const answer = await districtHead.get(`/comments?${PERIOD}&${filter}`);
      expect(answer.status, filter).toBe(403);
      expect(answer.body, filter).toMatchObject({ error: 'out_of_scope' });
    }
  });

  it('IT staff and administrators see no comments at all', async () => {
    await server.addUser('it.staff', 'it');
    const it = server.client();
    await it.login('it.staff');
    for (const client of [it, admin]) {
      const answer = await client.get(`/comments?${PERIOD}`);
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({ error: 'forbidden', message: 'Tài khoản của bạn không có quyền này.' });
    }
  });

  it('every view is in the audit log with who, scope, period, filters and page, never a comment’s text', async () => {
    await districtHead.get<Page>(`/comments?${PERIOD}&score=3&q=nhi%E1%BB%87t&page=1&pageSize=10`);
    const audit = await admin.get<{ items: AuditEntry[] }>('/audit?action=comments_viewed&pageSize=200');
    const entry = audit.body.items.find((e) => e.login === 'truong.lucngan' && (e.details.filters as Record<string, unknown>).q === 'nhiệt')!;
    expect(entry).toMatchObject({
      role: 'unit_head',
      action: 'comments_viewed',
      address: '127.0.0.1',
      details: { scope: 'bg-ln-motcua', period: { from: '2026-11-01', to: '2026-11-30' }, filters: { score: 3, q: 'nhiệt' }, page: 1, pageSize: 10, count: 1, total: 1, personalData: 'masked' },
    });
    const everything = JSON.stringify(audit.body.items);
    expect(everything).not.toMatch(/hướng dẫn chu đáo|gọi lại cho tôi|chờ quá lâu|làm nhanh/);
    expect(audit.body.items.filter((e) => e.login === 'so.noivu').length).toBeGreaterThan(5);
  });

  it('huge pages, absurd periods and bad filters get a clear 400 in the user’s language', async () => {
    const cases: [string, string][] = [
      [`${PERIOD}&pageSize=1000`, 'pageSize'],
      [`${PERIOD}&pageSize=0`, 'pageSize'],
      [`${PERIOD}&page=0`, 'page'],
      [`${PERIOD}&page=abc`, 'page'],
      [`${PERIOD}&score=4`, 'score'],
      [`${PERIOD}&q=${'a'.repeat(101)}`, 'q'],
      [`${PERIOD}&q=%00`, 'q'],
      [`${PERIOD}&unit=${encodeURIComponent("x' OR 1=1 --")}`, 'unit'],
      ['from=2026-11-30&to=2026-11-01', 'to'],
      ['from=2026-13-01&to=2026-11-01', 'from'],
    ];
    for (const [query, field] of cases) {
      const answer = await province.get(`/comments?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body, query).toMatchObject({ field });
      expect(answer.body.message, query).toMatch(/không hợp lệ/);
      expect(answer.body, query).not.toHaveProperty('items');
    }
  });
});
