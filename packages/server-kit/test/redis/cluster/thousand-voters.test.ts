import { connectRedis, deleteKeys, redisTestPrefix, requireRedis, type TestRedisClient } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConnectionIdentity,
  createHub,
  createSessionService,
  createVoteHandler,
  type Hub,
} from '../../../src/index.js';
import { createRedisBackends, type RedisBackends } from '../../../src/redis/index.js';

const redisAvailable = await requireRedis();

/** One in-process node: its own Redis client, backends, hub, service and vote handler. */
interface Node {
  client: TestRedisClient;
  redis: RedisBackends;
  hub: Hub;
  service: ReturnType<typeof createSessionService>;
}

async function startNode(prefix: string): Promise<Node> {
  const client = await connectRedis();
  const redis = createRedisBackends({ client, prefix });
  const { log, sessionStore, voteStore, queue } = redis;
  let handleVote: ReturnType<typeof createVoteHandler> | undefined;
  const hub = createHub({ log, heartbeatIntervalMs: 600_000, onMessage: (c, m) => handleVote?.(c, m) });
  handleVote = createVoteHandler({ hub, sessionStore, voteStore, queue });
  const service = createSessionService({ hub, sessionStore, voteStore, queue });
  return { client, redis, hub, service };
}

/** A socket that keeps the frames it is sent (`unicastOnly`: only those without `seq`), and wakes waiters. */
const fakeSocket = (unicastOnly = false) => {
  const frames: string[] = [];
  let wake: (() => void) | undefined;
  return {
    frames,
    bufferedAmount: 0,
    send(data: string) {
      if (unicastOnly && data.includes('"seq":')) return;
      frames.push(data);
      wake?.();
    },
    close() {},
    /** Resolves once a frame contains `text` (bounded in time). */
    async waitFor(text: string, timeoutMs = 40_000) {
      const deadline = Date.now() + timeoutMs;
      while (!frames.some((f) => f.includes(text))) {
        if (Date.now() > deadline) throw new Error(`no frame with ${text}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
      }
    },
  };
};

describe.skipIf(!redisAvailable)('1,000 participants voting over two nodes', () => {
  const prefix = redisTestPrefix('thousand');
  let nodes: Node[] = [];
  beforeAll(async () => {
    nodes = [await startNode(prefix), await startNode(prefix)];
  });
  afterAll(async () => {
    // Closing hubs broadcasts departures; close every node client first so nothing writes after the cleanup.
    for (const node of nodes) {
      await node.hub.close();
      await node.redis.close();
      await node.client.close();
    }
    const admin = await connectRedis();
    await deleteKeys(admin, prefix);
    await admin.close();
  });

  it('counts every vote exactly and broadcasts counts in order', async () => {
    const [a, b] = nodes as [Node, Node];
    const session = await a.service.createSession({ title: 'Big room' });
    const { sessionId } = session;
    await b.service.startSession(sessionId);
    const poll = await a.service.createPoll(sessionId, {
      question: 'Pick',
      pollType: 'multiple_choice',
      options: ['a', 'b', 'c'],
      allowMultiple: true,
    });
    if (poll.pollType !== 'multiple_choice') throw new Error('unexpected poll type');
    await b.service.activatePoll(sessionId, poll.pollId);
    // Watches the room from node a.
    const watcher = fakeSocket();
    await a.hub.connect(watcher, { sessionId, role: 'presenter' }, { start: 'none' }).ready;

    const expected = [0, 0, 0];
    const voters = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        const node = nodes[i % 2]!;
        const participant = await node.service.joinSession(session.slug);
        const identity: ConnectionIdentity = {
          sessionId,
          role: 'participant',
          participantId: participant.participantId,
        };
        const socket = fakeSocket(true);
        const connection = node.hub.connect(socket, identity, { start: 'none' });
        await connection.ready;
        const picks = poll.options.filter((_, k) => (i >> k) % 2 === 1 || k === i % 3).map((o) => o.optionId);
        for (const id of picks) expected[poll.options.findIndex((o) => o.optionId === id)]!++;
        return { connection, socket, participantId: participant.participantId, picks };
      }),
    );
    await Promise.all(
      voters.map(async ({ connection, socket, participantId, picks }, i) => {
        connection.receive(
          JSON.stringify({
            event: 'vote:submitted',
            requestId: `r-${i}`,
            payload: {
              pollId: poll.pollId,
              participantId,
              voteData: { selectedOptionIds: picks },
              submittedAt: new Date().toISOString(),
            },
          }),
        );
        await socket.waitFor(`"requestId":"r-${i}"`);
      }),
    );

    const answers = voters.map(({ socket }, i) =>
      JSON.parse(socket.frames.find((f) => f.includes(`"requestId":"r-${i}"`))!),
    );
    expect(answers.every((m) => m.event === 'vote:accepted' && m.seq === undefined)).toBe(true);
    const tally = await a.redis.voteStore.tally(sessionId, poll.pollId);
    expect(tally.votes).toBe(1000);
    expect(poll.options.map((o) => tally.options[o.optionId])).toEqual(expected);

    const closed = await a.service.closePoll(sessionId, poll.pollId);
    expect(closed.finalVoteCount).toBe(1000);
    await watcher.waitFor('"poll:closed"');
    const counts = watcher.frames
      .map((f) => JSON.parse(f))
      .filter((m) => m.event === 'vote:accepted')
      .map((m) => m.payload.currentVoteCount);
    expect(counts).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  }, 90_000);
});
