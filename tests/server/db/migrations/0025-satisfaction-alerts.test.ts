import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0025-satisfaction-alerts', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('keeps at most one open alert per kind and subject, and any number of ended ones', async () => {
    m = await databaseAt('0024-counted-ratings');
    await m.migrateTo('0025-satisfaction-alerts');
    const alert = { kind: 'negative_share', subject_kind: 'counter', subject_id: 'c1', unit_id: 'u1', started_at: 1, ended_at: null, detail: '{}', mailed_at: null, mail_error: null } as const;
    await m.db.insertInto('satisfaction_alerts').values({ ...alert, ended_at: 2 }).execute();
    await m.db.insertInto('satisfaction_alerts').values({ ...alert, ended_at: 3 }).execute();
    await m.db.insertInto('satisfaction_alerts').values(alert).execute();
    await expect(m.db.insertInto('satisfaction_alerts').values(alert).execute()).rejects.toThrow();
    await m.db.insertInto('satisfaction_alerts').values({ ...alert, kind: 'sudden_drop' }).execute();
    expect(await m.db.selectFrom('satisfaction_alerts').select('id').where('ended_at', 'is', null).execute()).toHaveLength(2);
  });
});
