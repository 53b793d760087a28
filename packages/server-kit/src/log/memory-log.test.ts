import { describe, expect, it } from 'vitest';
import type { Timers } from '../util/clock.js';
import { parseCursor } from './cursor.js';
import { createMemoryReplayLog } from './memory-log.js';

const SESSION = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

const fakeClock = (start = Date.parse('2026-01-03T10:00:00.000Z')) => {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

const manualTimers = () => {
  const callbacks: (() => void)[] = [];
  let unrefs = 0;
  const timers: Timers = {
    setInterval: (callback) => {
      callbacks.push(callback);
      return { unref: () => void unrefs++ };
    },
    clearInterval: () => void callbacks.splice(0),
  };
  return {
    timers,
    fire: () => {
      for (const callback of callbacks) callback();
    },
    unrefs: () => unrefs,
    active: () => callbacks.length,
  };
};

const entry = (n: number) => ({
  event: 'poll:closed' as const,
  timestamp: '2026-01-03T10:00:00.000Z',
  payload: { pollId: SESSION, sessionId: SESSION, closedAt: '2026-01-03T10:00:00.000Z', finalVoteCount: n },
});

describe('createMemoryReplayLog', () => {
  it('assigns contiguous seq from 1 per session and serializes each envelope once', () => {
    const log = createMemoryReplayLog({ createEpoch: () => 'e1' });
    const first = log.append(SESSION, entry(1));
    const second = log.append(SESSION, entry(2));
    const other = log.append(OTHER, entry(3));
    expect([first.seq, second.seq, other.seq]).toEqual([1, 2, 1]);
    expect(first.eventId).toBe('e1-1');
    expect(JSON.parse(second.frame)).toEqual({
      event: 'poll:closed',
      eventId: 'e1-2',
      sessionId: SESSION,
      seq: 2,
      timestamp: '2026-01-03T10:00:00.000Z',
      payload: entry(2).payload,
    });
    expect(log.history(SESSION).frames).toEqual([first.frame, second.frame]);
    log.close();
  });

  it('reads the frames strictly after a cursor, and nothing from the head', () => {
    const log = createMemoryReplayLog();
    const events = [1, 2, 3, 4].map((n) => log.append(SESSION, entry(n)));
    const read = log.read(SESSION, events[1]!.eventId);
    expect(read).toMatchObject({ ok: true, fromSeq: 3, lastSeq: 4, cursor: events[3]!.eventId });
    expect(read.ok && read.frames).toEqual([events[2]!.frame, events[3]!.frame]);
    expect(log.read(SESSION, events[3]!.eventId)).toMatchObject({ ok: true, frames: [] });
    log.close();
  });

  it('serves the whole log from the empty cursor <epoch>-0', () => {
    const log = createMemoryReplayLog();
    const head = log.head(SESSION);
    expect(head).toMatchObject({ lastSeq: 0, firstSeq: 1, cursor: `${head.epoch}-0` });
    log.append(SESSION, entry(1));
    const read = log.read(SESSION, head.cursor);
    expect(read.ok && read.frames.length).toBe(1);
    log.close();
  });

  it('gives each session its own random epoch, so foreign cursors are epoch_mismatch', () => {
    const log = createMemoryReplayLog();
    const mine = log.append(SESSION, entry(1));
    const theirs = log.append(OTHER, entry(1));
    expect(parseCursor(mine.eventId)!.epoch).not.toBe(parseCursor(theirs.eventId)!.epoch);
    expect(log.read(SESSION, theirs.eventId)).toMatchObject({ ok: false, reason: 'epoch_mismatch' });
    const restarted = createMemoryReplayLog();
    restarted.append(SESSION, entry(1));
    expect(restarted.read(SESSION, mine.eventId)).toMatchObject({ ok: false, reason: 'epoch_mismatch' });
    log.close();
    restarted.close();
  });

  it('refuses cursors ahead of the head and unparseable ones', () => {
    const log = createMemoryReplayLog({ createEpoch: () => 'abc' });
    log.append(SESSION, entry(1));
    expect(log.read(SESSION, 'abc-2')).toMatchObject({ ok: false, reason: 'cursor_ahead', lastSeq: 1 });
    for (const bad of ['', 'abc', 'abc-', 'abc-01', 'abc--1', 'ABC-1', 'abc-1.5', `${'a'.repeat(65)}-1`]) {
      expect(log.read(SESSION, bad)).toMatchObject({ ok: false, reason: 'cursor_invalid' });
    }
    log.close();
  });

  it('expires events older than the window, keeping seq contiguous', () => {
    const clock = fakeClock();
    const log = createMemoryReplayLog({ clock, windowMs: 60_000 });
    const old = log.append(SESSION, entry(1));
    clock.advance(30_000);
    const kept = log.append(SESSION, entry(2));
    clock.advance(31_000);
    expect(log.read(SESSION, log.head(SESSION).cursor.replace(/-\d+$/, '-0'))).toMatchObject({
      ok: false,
      reason: 'cursor_expired',
    });
    expect(log.read(SESSION, old.eventId)).toMatchObject({ ok: true, frames: [kept.frame] });
    expect(log.history(SESSION)).toMatchObject({ complete: false, firstSeq: 2, frames: [kept.frame] });
    clock.advance(60_000);
    expect(log.head(SESSION)).toMatchObject({ firstSeq: 3, lastSeq: 2 });
    expect(log.append(SESSION, entry(3)).seq).toBe(3);
    log.close();
  });

  it('bounds memory per session by trimming the oldest events', () => {
    const log = createMemoryReplayLog({ maxEventsPerSession: 3 });
    const events = Array.from({ length: 1000 }, (_, i) => log.append(SESSION, entry(i)));
    expect(log.size(SESSION)).toBe(3);
    expect(log.history(SESSION)).toMatchObject({ firstSeq: 998, lastSeq: 1000, complete: false });
    expect(log.read(SESSION, events[995]!.eventId)).toMatchObject({ ok: false, reason: 'cursor_expired' });
    expect(log.read(SESSION, events[996]!.eventId)).toMatchObject({ ok: true, fromSeq: 998 });
    log.close();
  });

  it('trims on its housekeeping timer, which is unref()ed and cleared on close', () => {
    const clock = fakeClock();
    const manual = manualTimers();
    const log = createMemoryReplayLog({ clock, timers: manual.timers, windowMs: 1000 });
    log.append(SESSION, entry(1));
    expect(manual.unrefs()).toBe(1);
    clock.advance(2000);
    manual.fire();
    expect(log.size(SESSION)).toBe(0);
    log.close();
    expect(manual.active()).toBe(0);
  });
});
