/**
 * A device's daily volume above the plausible maximum (max(floor, factor × the unit's busiest
 * counter-day of the last four weeks)) is accepted but flagged `device_volume`, the flag covering
 * every rating of the device that day and growing with the later ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, enroll } from '../helpers';
import { startIntegrityServer, type IntegrityServer } from './integrity-harness';

const HOUR = 3_600_000;

describe(`a device's daily volume (${backend})`, () => {
  let integrity: IntegrityServer;
  beforeAll(async () => {
    integrity = await startIntegrityServer({ deviceVolumeFactor: 3, deviceVolumeFloor: 5 });
  });
  afterAll(() => integrity?.close());

  const volumeFlags = () =>
    integrity.db.selectFrom('rating_flags').select(['subject', 'device_id', 'rating_count', 'status', 'evidence']).where('reason', '=', 'device_volume').orderBy('created_at').execute();

  it('a day above the maximum is accepted and flagged once, covering every rating of that day; the busiest counter sets the maximum', async () => {
    const clock = integrity.server.clock;
    // Yesterday the unit's busiest counter served 3 citizens: the maximum is max(5, 3 × 3) = 9.
    const busy = await enroll(integrity.server, { counterId: 'ttpvhcc-q02' });
    const yesterday = Array.from({ length: 3 }, (_, i) => busy.rating({ counterId: 'ttpvhcc-q02', createdAt: clock.now - 24 * HOUR + i * 60_000 }));
    expect((await busy.sendBatch(yesterday)).json.accepted).toHaveLength(3);

    const flood = await enroll(integrity.server, { counterId: 'ttpvhcc-q01' });
    const first = Array.from({ length: 9 }, (_, i) => flood.rating({ createdAt: clock.now - HOUR + i * 1000 }));
    expect((await flood.sendBatch(first)).json.accepted).toHaveLength(9);
    expect(await volumeFlags()).toEqual([]);
    const over = Array.from({ length: 2 }, (_, i) => flood.rating({ createdAt: clock.now - HOUR + 20_000 + i * 1000 }));
    const answer = await flood.sendBatch(over);
    expect(answer.json.accepted).toEqual(over.map((r) => r.id));
    let flags = await volumeFlags();
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ device_id: flood.deviceId, rating_count: 11, status: 'open' });
    expect(JSON.parse(flags[0]!.evidence)).toMatchObject({ ratings: 11, maximum: 9, factor: 3, floor: 5 });
    // Later ratings of that day join the same flag.
    await flood.sendBatch([flood.rating({ createdAt: clock.now - HOUR + 40_000 })]);
    flags = await volumeFlags();
    expect(flags).toHaveLength(1);
    expect(flags[0]!.rating_count).toBe(12);
    // The busy counter's own ordinary day raised nothing.
    expect(flags.some((f) => f.device_id === busy.deviceId)).toBe(false);
  });
});
