import { randomBytes } from 'node:crypto';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { createRedisBackends, type RedisBackends } from '@pollwire/server-kit/redis';
import { connectRedis, deleteKeys, requireRedis, type TestRedisClient } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, optionIds } from '../support/api.js';
import { type ObservedClient, observeClient, roomState } from '../support/observed-client.js';
import { reportFigures, waitUntil } from '../support/report.js';
import { presentersOnlySeqs, serverState } from '../support/server-truth.js';

const CLIENTS = 10;
const prefix = `pwchaos:${randomBytes(4).toString('hex')}:`;
const tokenSecret = randomBytes(32).toString('base64url');
const available = await requireRedis({ suite: 'the Redis restart test' });
/** Connected only when Redis answers: the suite is skipped otherwise. */
const redis: TestRedisClient | undefined = available ? await connectRedis() : undefined;

/** A node over the shared Redis: a restart (or another node) shares the log, the stores and the token secret. */
async function boot(port: number): Promise<{ server: ReferenceServer; backends: RedisBackends }> {
  const backends = createRedisBackends({ client: redis!, prefix });
  const { log, sessionStore, voteStore, queue } = backends;
  const server = await startReferenceServer({
    port,
    tokenSecret,
    log,
    sessionStore,
    voteStore,
    queue,
    participantCountIntervalMs: 20,
  });
  return { server, backends };
}

describe.skipIf(!available)('server restart on Redis', () => {
  let node: Awaited<ReturnType<typeof boot>>;
  let clients: ObservedClient[] = [];
  beforeAll(async () => {
    node = await boot(0);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await node.server.close();
    await node.backends.close();
    await deleteKeys(redis!, prefix);
    await redis!.close();
  });

  it(`${CLIENTS} clients resume seamlessly on the restarted node: no resync, 0 lost, 0 duplicates, same state`, async () => {
    const port = Number(new URL(node.server.httpUrl).port);
    const session = await createTestSession(node.server.httpUrl, 'Redis restart');
    const poll = await session.createChoicePoll('before');
    await session.start();
    await session.activate(poll.pollId);
    const people = await Promise.all(Array.from({ length: CLIENTS }, () => session.join()));
    clients = people.map((p) =>
      observeClient({
        url: node.server.wsUrl,
        token: p.token,
        participantId: p.participantId,
        backoff: { minDelayMs: 50, maxDelayMs: 200 },
      }),
    );
    await waitUntil(() => clients.every((c) => c.client.status === 'open'), 10_000, 'open');
    await clients[0]!.client.submitVote({
      pollId: poll.pollId,
      voteData: { selectedOptionIds: [optionIds(poll)[0]!] },
    });
    const started = performance.now();
    await node.server.close();
    await node.backends.close();
    node = await boot(port);
    const restartMs = performance.now() - started;
    const after = await session.createChoicePoll('after restart');
    await waitUntil(
      () =>
        clients.every(
          (c) => c.client.status === 'open' && c.client.state.getSnapshot().polls[after.pollId] !== undefined,
        ),
      15_000,
      'resume on the restarted node',
    );
    let lastSeq = 0;
    let presentersOnly = new Set<number>();
    for (let settled = false; !settled; ) {
      lastSeq = (await node.server.hub.log.head(session.sessionId)).lastSeq;
      presentersOnly = await presentersOnlySeqs(node.server.hub.log, session.sessionId);
      await waitUntil(() => clients.every((c) => c.holds(lastSeq, presentersOnly)), 10_000, 'attendance settled');
      await new Promise((resolve) => setTimeout(resolve, 50));
      settled = (await node.server.hub.log.head(session.sessionId)).lastSeq === lastSeq;
    }
    const truth = roomState(await serverState(node.server.hub.log, session.sessionId));
    for (const c of clients) {
      expect(c.resyncs).toEqual([]);
      expect(c.faults(lastSeq, presentersOnly)).toEqual({ lost: 0, duplicates: 0, outOfOrder: 0 });
      expect(roomState(c.client.state.getSnapshot())).toEqual(truth);
    }
    reportFigures('server-restart redis', {
      clients: CLIENTS,
      restartMs,
      events: lastSeq,
      resyncs: 0,
      lost: 0,
      duplicates: 0,
    });
  }, 60_000);
});
