import { randomUUID } from 'node:crypto';
import { connectRedis, deleteKeys, redisTestPrefix, requireRedis } from '@pollwire/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../../src/errors.js';
import type { PollRecord, SessionRecord } from '../../src/sessions/records.js';
import { createRedisSessionStore } from '../../src/redis/sessions/redis-session-store.js';
import { StaleRecordError } from '../../src/redis/sessions/stale-record-error.js';

const redisAvailable = await requireRedis();

const newSession = (): SessionRecord => ({
  sessionId: randomUUID(),
  slug: randomUUID().slice(0, 8),
  title: 'Retro',
  presenterId: randomUUID(),
  status: 'draft',
  createdAt: new Date().toISOString(),
  pollCount: 0,
});

const newPoll = (sessionId: string, sequenceOrder: number): PollRecord => ({
  pollId: randomUUID(),
  sessionId,
  question: `Q${sequenceOrder}`,
  pollType: 'open_text',
  allowMultiple: false,
  isAnonymous: false,
  sequenceOrder,
  createdAt: new Date().toISOString(),
  status: 'draft',
});

describe.skipIf(!redisAvailable)('Redis session store', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function twoNodes(name: string) {
    const prefix = redisTestPrefix(name);
    const clients = [await connectRedis(), await connectRedis()];
    cleanups.push(async () => {
      await deleteKeys(clients[0]!, prefix);
      for (const client of clients) await client.close();
    });
    return clients.map((client) => createRedisSessionStore({ client, prefix }));
  }

  it('shares sessions, polls and participants between nodes', async () => {
    const [a, b] = await twoNodes('share');
    const session = newSession();
    await a!.createSession(session);
    expect(await b!.getSession(session.sessionId)).toMatchObject(session);
    expect(await b!.getSessionBySlug(session.slug)).toMatchObject(session);
    expect(await b!.getSession(randomUUID())).toBeUndefined();
    expect(await b!.getSessionBySlug('nope')).toBeUndefined();
    const polls = [newPoll(session.sessionId, 1), newPoll(session.sessionId, 0)];
    for (const poll of polls) await a!.putPoll(poll);
    expect(await b!.listPolls(session.sessionId)).toMatchObject([polls[1]!, polls[0]!]);
    expect(await b!.getPoll(session.sessionId, polls[0]!.pollId)).toMatchObject(polls[0]!);
    const participant = { participantId: randomUUID(), sessionId: session.sessionId, joinedAt: session.createdAt };
    await b!.putParticipant(participant);
    expect(await a!.getParticipant(session.sessionId, participant.participantId)).toEqual(participant);
  });

  it('refuses a write based on a stale read and keeps the other node change', async () => {
    const [a, b] = await twoNodes('cas');
    const session = newSession();
    await a!.createSession(session);
    const readA = (await a!.getSession(session.sessionId))!;
    const readB = (await b!.getSession(session.sessionId))!;
    await b!.putSession({ ...readB, status: 'active' });
    const stale = a!.putSession({ ...readA, status: 'ended' });
    await expect(stale).rejects.toBeInstanceOf(StaleRecordError);
    await expect(stale).rejects.toBeInstanceOf(InvalidTransitionError);
    expect((await a!.getSession(session.sessionId))!.status).toBe('active');

    // The same object can be written again after a successful write (close() then activate()).
    const fresh = (await a!.getSession(session.sessionId))!;
    fresh.activePollId = undefined;
    await a!.putSession(fresh);
    await a!.putSession({ ...fresh, pollCount: 1 });
    expect((await b!.getSession(session.sessionId))!.pollCount).toBe(1);

    const poll = newPoll(session.sessionId, 0);
    await a!.putPoll(poll);
    const pollA = (await a!.getPoll(session.sessionId, poll.pollId))!;
    const [pollB] = await b!.listPolls(session.sessionId);
    await b!.putPoll({ ...pollB!, status: 'active' });
    await expect(a!.putPoll({ ...pollA, status: 'closed' })).rejects.toBeInstanceOf(StaleRecordError);
  });
});
