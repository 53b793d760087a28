import { type ReferenceServerOptions, startReferenceServer } from '@pollwire/reference-server';
import { createRedisServerBackends } from '@pollwire/reference-server/redis';
import { createMemoryVoteStore } from '@pollwire/server-kit';
import { createClient } from 'redis';
import { BENCH_REDIS_URL } from '../../server/stacks/pollwire-redis.js';
import type { AudienceServerConfig } from '../protocol.js';
import { AUDIENCE_POLL, type AudienceServer } from './server.js';
import { stampVotes, type VoteStamps } from './stamped-votes.js';

/**
 * The reference server with its defaults (the HTTP join API and `/ws`), in memory, or as one node of a Redis
 * cluster (`pollwire+redis`: every node of the run shares the prefix and the token secret).
 */
export async function createPollwireAudienceServer(config: AudienceServerConfig): Promise<AudienceServer> {
  const votes: VoteStamps = { accepted: 0, lastAt: Number.NaN };
  let cleanup = async () => {};
  let options: ReferenceServerOptions;
  let attach: ((server: Awaited<ReturnType<typeof startReferenceServer>>) => Promise<void>) | undefined;
  if (config.stack === 'pollwire+redis') {
    const client = createClient({ url: BENCH_REDIS_URL, disableOfflineQueue: true });
    client.on('error', (error: Error) =>
      process.stderr.write(`pollwire+redis node ${config.node}: ${error.message}\n`),
    );
    await client.connect();
    const backends = await createRedisServerBackends({
      client,
      prefix: config.redisPrefix!,
      tokenSecret: config.tokenSecret!,
      onError: (error) => process.stderr.write(`pollwire+redis node ${config.node}: ${String(error)}\n`),
    });
    options = { ...backends.options, voteStore: stampVotes(backends.options.voteStore, votes) };
    attach = (server) => backends.attach(server.hub);
    cleanup = async () => {
      await backends.close();
      if (config.node === 0) {
        for await (const keys of client.scanIterator({ MATCH: `${config.redisPrefix}*`, COUNT: 500 })) {
          if (keys.length > 0) await client.del(keys);
        }
      }
      await client.close();
    };
  } else {
    options = { voteStore: stampVotes(createMemoryVoteStore(), votes) };
  }
  const server = await startReferenceServer({ port: 0, ...options });
  await attach?.(server);
  const { service } = server.pollwire;
  let sessionId = '';

  return {
    node: { httpUrl: server.httpUrl, wsUrl: server.wsUrl },
    votes,
    async prepare() {
      if (config.node !== 0) return null;
      const session = await service.createSession({ title: 'Keynote' });
      sessionId = session.sessionId;
      await service.startSession(sessionId);
      const presenterToken = server.tokens.sign({ sessionId, role: 'presenter' });
      return { sessionId, slug: session.slug, presenterToken };
    },
    async openPoll() {
      const poll = await service.createPoll(sessionId, { ...AUDIENCE_POLL, pollType: 'multiple_choice' });
      if (poll.pollType !== 'multiple_choice') throw new Error('expected a multiple-choice poll');
      await service.activatePoll(sessionId, poll.pollId);
      return { pollId: poll.pollId, optionIds: poll.options.map((o) => o.optionId) };
    },
    async closePoll(pollId) {
      const closed = await service.closePoll(sessionId, pollId);
      return { finalVoteCount: closed.finalVoteCount };
    },
    async close() {
      await server.close();
      await cleanup();
    },
  };
}
