import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CoreProcess } from '../../../electron/main/core-process';
import type { Result } from '../../../shared/result';

/** A utilityProcess stand-in: records what main posts and lets the test answer or exit. */
class FakeChild extends EventEmitter {
  readonly posted: { id: number; method: string; payload: unknown }[] = [];
  killed = false;
  postMessage(message: { id: number; method: string; payload: unknown }) {
    this.posted.push(message);
  }
  kill() {
    this.killed = true;
    return true;
  }
  answer(index: number, result: Result<unknown>) {
    const request = this.posted[index];
    if (!request) throw new Error(`no request #${index}`);
    this.emit('message', { id: request.id, result });
  }
  exit(code: number) {
    this.emit('exit', code);
  }
}

function setUp(options: { restartDelayMs?: number; callTimeoutMs?: number } = {}) {
  const children: FakeChild[] = [];
  const fork = vi.fn(() => {
    const child = new FakeChild();
    children.push(child);
    return child as never;
  });
  const log = vi.fn();
  const core = new CoreProcess({ fork, log, ...options });
  const latest = () => {
    const child = children.at(-1);
    if (!child) throw new Error('no core started');
    return child;
  };
  return { core, fork, log, children, latest };
}

/** Tracks whether a promise has settled, without waiting on the clock. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T } = { settled: false };
  void promise.then((value) => {
    state.settled = true;
    state.value = value;
  });
  return state;
}

const SAVED = { ok: true as const, value: { id: '019a0000-0000-7000-8000-000000000000', seq: 1, createdAt: 1 } };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('CoreProcess (the core in a utilityProcess)', () => {
  it('forks the core on start and relays a call with its method and payload', async () => {
    const { core, fork, latest } = setUp();
    core.start();
    expect(fork).toHaveBeenCalledTimes(1);
    const pending = core.call('submitRating', { score: 3 });
    expect(latest().posted).toEqual([{ id: expect.any(Number), method: 'submitRating', payload: { score: 3 } }]);
    latest().answer(0, SAVED);
    await expect(pending).resolves.toEqual(SAVED);
  });

  it('matches answers to calls by request id, whatever order they come in', async () => {
    const { core, latest } = setUp();
    core.start();
    const first = core.call('getKioskState', undefined);
    const second = core.call('submitRating', { score: 1 });
    const ids = latest().posted.map((request) => request.id);
    expect(new Set(ids).size).toBe(2);
    latest().answer(1, { ok: true, value: 'second' });
    latest().answer(0, { ok: true, value: 'first' });
    await expect(first).resolves.toEqual({ ok: true, value: 'first' });
    await expect(second).resolves.toEqual({ ok: true, value: 'second' });
  });

  it('ignores stray or malformed messages from the core', async () => {
    const { core, latest } = setUp();
    core.start();
    const state = track(core.call('getKioskState', undefined));
    latest().emit('message', { id: 9999, result: { ok: true, value: 'nobody asked' } });
    latest().emit('message', { id: 'x', result: { ok: true, value: 1 } });
    latest().emit('message', null);
    await vi.advanceTimersByTimeAsync(0);
    expect(state.settled).toBe(false);
  });

  it('fails calls in flight as storage_unavailable when the core dies: never a fake success', async () => {
    const { core, latest } = setUp();
    core.start();
    const first = core.call('submitRating', { score: 3 });
    const second = core.call('updateRating', { id: 'x' });
    latest().exit(1);
    for (const pending of [first, second]) {
      const result = await pending;
      expect(result.ok).toBe(false);
      expect(result).toMatchObject({ error: { code: 'storage_unavailable' } });
    }
  });

  it('answers storage_unavailable while the core is down, without posting anywhere', async () => {
    const { core, latest } = setUp();
    core.start();
    latest().exit(1);
    await expect(core.call('submitRating', { score: 3 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'storage_unavailable' },
    });
  });

  it('answers storage_unavailable before it was ever started', async () => {
    const { core, fork } = setUp();
    await expect(core.call('getKioskState', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });
    expect(fork).not.toHaveBeenCalled();
  });

  it('restarts a core that exited, after the restart delay', async () => {
    const { core, fork, latest, log } = setUp({ restartDelayMs: 500 });
    core.start();
    latest().exit(134);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('134'));
    await vi.advanceTimersByTimeAsync(499);
    expect(fork).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fork).toHaveBeenCalledTimes(2);

    const pending = core.call('getKioskState', undefined);
    latest().answer(0, { ok: true, value: 'back' });
    await expect(pending).resolves.toEqual({ ok: true, value: 'back' });
  });

  it('hands the self-updater’s state to the core on a message of its own, and again to a core that restarted', async () => {
    const { core, children, latest } = setUp({ restartDelayMs: 500 });
    const downloading = { phase: 'downloading' as const, version: '0.3.0', percent: 40, error: null, since: 1_767_225_600_000 };
    core.updaterStateChanged(downloading); // before any core: kept for the first one
    core.start();
    expect(latest().posted).toEqual([{ type: 'updater-state', state: downloading }]);
    const ready = { ...downloading, phase: 'ready' as const, waitingFor: 'quiet_hours' as const, percent: 100 };
    core.updaterStateChanged(ready);
    expect(latest().posted.at(-1)).toEqual({ type: 'updater-state', state: ready });

    latest().exit(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(children).toHaveLength(2);
    // The new core knows only what main tells it: the last state, at once.
    expect(latest().posted).toEqual([{ type: 'updater-state', state: ready }]);
  });

  it('backs off while the core keeps crashing, up to 30 s, and resets once it answers', async () => {
    const { core, fork, latest } = setUp({ restartDelayMs: 1000 });
    core.start();
    const delays: number[] = [];
    for (let crash = 0; crash < 7; crash += 1) {
      const forksBefore = fork.mock.calls.length;
      latest().exit(1);
      let waited = 0;
      while (fork.mock.calls.length === forksBefore) {
        await vi.advanceTimersByTimeAsync(250);
        waited += 250;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);

    // An answered call proves the core is healthy: the next crash restarts quickly again.
    const pending = core.call('getKioskState', undefined);
    latest().answer(0, { ok: true, value: 'healthy' });
    await pending;
    latest().exit(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fork).toHaveBeenCalledTimes(9);
  });

  it('fails a call the core does not answer in time as storage_unavailable', async () => {
    const { core, latest } = setUp({ callTimeoutMs: 5000 });
    core.start();
    const state = track(core.call('submitRating', { score: 2 }));
    await vi.advanceTimersByTimeAsync(4999);
    expect(state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.settled).toBe(true);
    expect(state.value).toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });

    // A late answer after the timeout changes nothing (the call already failed).
    latest().answer(0, SAVED);
    expect(state.value).toMatchObject({ ok: false });
  });

  it('uses a 10 s call timeout by default', async () => {
    const { core } = setUp();
    core.start();
    const state = track(core.call('getKioskState', undefined));
    await vi.advanceTimersByTimeAsync(9999);
    expect(state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.value).toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });
  });

  it('a call answered in time leaves no timer behind', async () => {
    const { core, latest } = setUp();
    core.start();
    const pending = core.call('getKioskState', undefined);
    latest().answer(0, { ok: true, value: 1 });
    await pending;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('on stop, kills the core, fails calls in flight and does not restart it', async () => {
    const { core, fork, latest } = setUp({ restartDelayMs: 10 });
    core.start();
    const child = latest();
    const pending = core.call('submitRating', { score: 3 });
    core.stop();
    expect(child.killed).toBe(true);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });
    child.exit(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fork).toHaveBeenCalledTimes(1);
  });

  it('does not restart after stop even when the exit came first and the restart was already scheduled', async () => {
    const { core, fork, latest } = setUp({ restartDelayMs: 100 });
    core.start();
    latest().exit(1);
    core.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fork).toHaveBeenCalledTimes(1);
  });
});
