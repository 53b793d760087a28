import { initialPollwireState, reducePollwireState, type RoomMessage } from '@pollwire/contracts/client';
import { describe, expect, it } from 'vitest';
import { roomMessages, SESSION, type Step } from '../../test/support/room-steps.js';
import { createMemoryReplayLog } from '../log/memory-log.js';
import type { ReplayLog } from '../log/types.js';
import { createMemoryCheckpointStore, decodeCheckpoint, encodeCheckpoint } from './checkpoint.js';
import { loadProjection } from './load-projection.js';
import { createSessionProjection, foldFrames } from './session-projection.js';

const steps = (n: number): Step[] =>
  Array.from({ length: n }, (_, i): Step => {
    if (i === 0) return { kind: 'poll', poll: 1 };
    if (i === 1) return { kind: 'activate', poll: 1 };
    return i % 3 === 0 ? { kind: 'join', who: (i % 5) + 1, count: i } : { kind: 'votes', poll: 1, votes: i };
  });

/** Appends the messages; returns the log's frames (with its own seqs and eventIds). */
async function append(log: ReplayLog, messages: RoomMessage[]): Promise<string[]> {
  const frames: string[] = [];
  for (const { event, timestamp, payload } of messages)
    frames.push((await log.append(SESSION, { event, timestamp, payload })).frame);
  return frames;
}

const fold = (messages: RoomMessage[]) => messages.reduce(reducePollwireState, initialPollwireState);

describe('loading a projection from the log', () => {
  it('folds the whole history when the log still starts at seq 1', async () => {
    const log = createMemoryReplayLog();
    const messages = roomMessages(steps(30));
    await append(log, messages);
    const loaded = await loadProjection(log, SESSION);
    const head = loaded?.projection.head();
    expect(head?.seq).toBe(30);
    expect(head?.cursor).toBe((await log.head(SESSION)).cursor);
    expect(head?.state).toEqual(fold(messages));
  });

  it('rebuilds from a checkpoint and the events after it once the log was trimmed, and cannot without one', async () => {
    const log = createMemoryReplayLog({ maxEventsPerSession: 20 });
    const checkpoints = createMemoryCheckpointStore();
    const messages = roomMessages(steps(50));
    // As the hub keeps it: folded live, event by event, from seq 1.
    const live = createSessionProjection();
    foldFrames(live, await append(log, messages.slice(0, 40)));
    await checkpoints.save(SESSION, { epoch: (await log.head(SESSION)).epoch, ...live.head() });
    await append(log, messages.slice(40));
    expect((await log.history(SESSION)).complete).toBe(false);

    expect(await loadProjection(log, SESSION)).toBeUndefined();
    const loaded = await loadProjection(log, SESSION, await checkpoints.load(SESSION));
    expect(loaded?.projection.head().seq).toBe(50);
    expect(loaded?.projection.head().state).toEqual(fold(messages));
  });

  it('does not trust a checkpoint of another epoch or one the log has trimmed past', async () => {
    const log = createMemoryReplayLog({ maxEventsPerSession: 10 });
    const messages = roomMessages(steps(20));
    await append(log, messages.slice(0, 5));
    const early = (await loadProjection(log, SESSION))!;
    const stale = { epoch: early.epoch, ...early.projection.head() };
    await append(log, messages.slice(5));
    // Trimmed past the checkpoint: the events between are gone, so no exact head can be built.
    expect(await loadProjection(log, SESSION, stale)).toBeUndefined();

    const fresh = createMemoryReplayLog();
    await append(fresh, messages);
    const loaded = await loadProjection(fresh, SESSION, { ...stale, epoch: 'another' });
    expect(loaded?.projection.head().state).toEqual(fold(messages));
  });

  it('keeps the newest checkpoint of an epoch, and a new epoch replaces an old one', async () => {
    const log = createMemoryReplayLog();
    await append(log, roomMessages(steps(6)));
    const loaded = (await loadProjection(log, SESSION))!;
    const at6 = { epoch: loaded.epoch, ...loaded.projection.head() };
    const checkpoints = createMemoryCheckpointStore();
    expect(await checkpoints.save(SESSION, at6)).toBe(true);
    expect(await checkpoints.save(SESSION, { ...at6, seq: 5 })).toBe(false);
    expect(await checkpoints.save(SESSION, { ...at6, epoch: 'next', seq: 1 })).toBe(true);
    expect((await checkpoints.load(SESSION))?.epoch).toBe('next');
    expect(decodeCheckpoint(encodeCheckpoint(at6))).toEqual(at6);
  });
});
