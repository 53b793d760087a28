import { initialPollwireState, reducePollwireState, type RoomMessage } from '@pollwire/contracts/client';
import { connectRedis, deleteKeys, redisTestPrefix, requireRedis } from '@pollwire/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProjection } from '../../src/projection/load-projection.js';
import { createSessionProjection, foldFrames } from '../../src/projection/session-projection.js';
import { createRedisStreamLog } from '../../src/redis/log/stream-log.js';
import { createRedisCheckpointStore } from '../../src/redis/projection/redis-checkpoint-store.js';
import { roomMessages, SESSION, type Step } from '../support/room-steps.js';

const redisAvailable = await requireRedis();

const steps: Step[] = [
  { kind: 'poll', poll: 1 },
  { kind: 'activate', poll: 1 },
  ...Array.from(
    { length: 198 },
    (_, i): Step => (i % 4 === 0 ? { kind: 'join', who: (i % 7) + 1, count: i } : { kind: 'votes', poll: 1, votes: i }),
  ),
];

describe.skipIf(!redisAvailable)('projection checkpoints in Redis', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function node(prefix: string, maxEventsPerSession?: number) {
    const client = await connectRedis();
    const log = createRedisStreamLog({ client, prefix, ...(maxEventsPerSession ? { maxEventsPerSession } : {}) });
    const checkpoints = createRedisCheckpointStore({ client, prefix });
    cleanups.push(async () => {
      await log.close();
      await deleteKeys(client, prefix);
      await client.close();
    });
    return { log, checkpoints };
  }

  it('any node rebuilds the exact head from the newest checkpoint while two nodes append at once', async () => {
    const prefix = redisTestPrefix('checkpoints');
    const [a, b, c] = [await node(prefix, 60), await node(prefix, 60), await node(prefix, 60)];
    const messages = roomMessages(steps);
    const logged: RoomMessage[] = [];
    // Node a folds what is appended, as a hub does, and saves a checkpoint once 20 events came since the last.
    const live = createSessionProjection();
    const { epoch } = await a.log.head(SESSION);
    let cursorSeq = 0;
    const unsubscribe = await a.log.subscribe(SESSION, (event) => {
      foldFrames(live, [event.frame]);
      logged.push(JSON.parse(event.frame) as RoomMessage);
      cursorSeq = event.seq;
    });
    const appendFrom = (n: typeof a, part: RoomMessage[]) =>
      (async () => {
        for (const { event, timestamp, payload } of part) await n.log.append(SESSION, { event, timestamp, payload });
      })();
    // The poll first; then both nodes append at once (their events interleave in the stream).
    await appendFrom(a, messages.slice(0, 2));
    const rest = messages.slice(2);
    const saving = (async () => {
      let saved = 0;
      while (cursorSeq < messages.length) {
        if (cursorSeq - saved >= 20) {
          const head = live.head();
          await a.checkpoints.save(SESSION, { epoch, ...head, attendance: new Map(head.attendance) });
          saved = head.seq;
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    await Promise.all([
      appendFrom(
        a,
        rest.filter((_, i) => i % 2 === 0),
      ),
      appendFrom(
        b,
        rest.filter((_, i) => i % 2 === 1),
      ),
    ]);
    while (cursorSeq < messages.length) await new Promise((resolve) => setTimeout(resolve, 5));
    await saving;
    await unsubscribe();

    expect((await c.log.history(SESSION)).complete).toBe(false);
    const checkpoint = await c.checkpoints.load(SESSION);
    expect(checkpoint?.seq).toBeGreaterThan(messages.length - 60);
    const loaded = await loadProjection(c.log, SESSION, checkpoint);
    expect(loaded?.projection.head().seq).toBe(messages.length);
    expect(loaded?.projection.head().state).toEqual(logged.reduce(reducePollwireState, initialPollwireState));
    expect(loaded?.projection.head().state).toEqual(live.head().state);
  });

  it('never replaces a newer checkpoint of the same epoch', async () => {
    const prefix = redisTestPrefix('checkpoint-cas');
    const { checkpoints } = await node(prefix);
    const head = { epoch: 'e1', seq: 9, cursor: 'e1-9', state: initialPollwireState, attendance: new Map() };
    expect(await checkpoints.save(SESSION, head)).toBe(true);
    expect(await checkpoints.save(SESSION, { ...head, seq: 8, cursor: 'e1-8' })).toBe(false);
    expect((await checkpoints.load(SESSION))?.seq).toBe(9);
    expect(await checkpoints.save(SESSION, { ...head, epoch: 'e2', seq: 1, cursor: 'e2-1' })).toBe(true);
    expect((await checkpoints.load(SESSION))?.cursor).toBe('e2-1');
  });
});
