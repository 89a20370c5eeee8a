import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

const DAY = 86_400_000;

describe('migration 0033-session-event-days', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('puts on each device its session events of the day of its last one and of the day before, as stored before', async () => {
    m = await databaseAt('0032-sealed-badge-keys');
    await m.db.insertInto('units').values({ id: 'u1', name: 'Đơn vị', level: 'province', parent_id: null }).execute();
    const device = { sealed_secret: 'c2VhbGVk', secret_key_id: 'k1', unit_id: 'u1', counter_id: null, name: 'K', app_version: '0.1.0', enrolled_at: 1 };
    await m.db.insertInto('devices').values([{ id: 'busy', ...device }, { id: 'quiet', ...device }] as never).execute();
    const day = 20_000;
    const event = (id: string, receivedAt: number) => ({
      id,
      device_id: 'busy',
      unit_id: 'u1',
      seq: 1,
      kind: 'login' as const,
      session_id: id,
      staff_id: 's1',
      counter_id: 'c1',
      reason: 'badge',
      created_at: receivedAt,
      corrected_at: receivedAt,
      received_at: receivedAt,
      content_hash: 'a'.repeat(64),
    });
    await m.db
      .insertInto('session_events')
      .values([
        event('e1', (day - 5) * DAY + 1000),
        event('e2', (day - 1) * DAY + 1000),
        event('e3', (day - 1) * DAY + DAY - 1),
        event('e4', day * DAY),
        event('e5', day * DAY + 5000),
        event('e6', day * DAY + DAY - 1),
      ])
      .execute();
    await m.migrateTo('0033-session-event-days');
    const rows = await m.db.selectFrom('devices').select(['id', 'session_events_day', 'session_events_on_day', 'session_events_day_before']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'busy', session_events_day: day, session_events_on_day: 3, session_events_day_before: 2 },
      { id: 'quiet', session_events_day: null, session_events_on_day: 0, session_events_day_before: 0 },
    ]);
  });
});
