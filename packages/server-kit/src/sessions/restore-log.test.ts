import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryReplayLog } from '../log/memory-log.js';
import { createPollwire } from '../pollwire.js';
import { aggregatesOf } from '../votes/tally.js';
import { createLogRestorer } from './restore-log.js';

const frames = async (log: ReturnType<typeof createMemoryReplayLog>, sessionId: string) =>
  (await log.history(sessionId)).frames.map(
    (frame) => JSON.parse(frame) as { event: string; seq: number; payload: Record<string, unknown> },
  );

describe('createLogRestorer', () => {
  it('re-emits a session, its polls, their latest results and statuses into a log that lost them', async () => {
    const before = createPollwire();
    const { service, sessionStore, voteStore } = before;
    const { sessionId } = await service.createSession({ title: 'Restart' });
    const closed = await service.createPoll(sessionId, {
      question: 'Closed?',
      pollType: 'multiple_choice',
      options: ['a', 'b'],
    });
    const active = await service.createPoll(sessionId, { question: 'Rate', pollType: 'rating_scale' });
    await service.startSession(sessionId);
    await service.activatePoll(sessionId, closed.pollId);
    const poll = await service.getPoll(sessionId, closed.pollId);
    for (const option of [0, 1, 0]) {
      const voteId = randomUUID();
      const submittedAt = new Date().toISOString();
      await voteStore.record({
        voteId,
        sessionId,
        pollId: closed.pollId,
        participantId: randomUUID(),
        voteData: { selectedOptionIds: [poll.options![option]!.optionId] },
        submittedAt,
        aggregates: (tally) => aggregatesOf(poll, tally, { voteId, submittedAt }),
      });
    }
    await service.activatePoll(sessionId, active.pollId); // closes the first poll
    await before.close();

    // A new process: same stores, a fresh log (a new epoch) that holds nothing for the session.
    const log = createMemoryReplayLog();
    const after = createPollwire({ log, sessionStore, voteStore });
    await createLogRestorer({ hub: after.hub, sessionStore, voteStore })(sessionId);
    const restored = await frames(log, sessionId);
    expect(restored.map((f) => f.event)).toEqual([
      'session:created',
      'poll:created',
      'poll:created',
      'session:started',
      'vote:accepted',
      'poll:closed',
      'poll:activated',
    ]);
    expect(restored.map((f) => f.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(restored[4]!.payload).toMatchObject({ pollId: closed.pollId, currentVoteCount: 3 });
    expect(restored[4]!.payload).not.toHaveProperty('participantId');
    expect(restored[5]!.payload).toMatchObject({ pollId: closed.pollId, finalVoteCount: 3 });
    expect(restored[6]!.payload).toMatchObject({ pollId: active.pollId });
    expect((await log.history(sessionId)).complete).toBe(true);

    // Restoring again (or once the log holds events) changes nothing.
    await createLogRestorer({ hub: after.hub, sessionStore, voteStore })(sessionId);
    expect(await frames(log, sessionId)).toHaveLength(7);
    await after.close();
  });

  it('leaves unknown sessions alone', async () => {
    const pollwire = createPollwire();
    const sessionId = randomUUID();
    await createLogRestorer({ hub: pollwire.hub, sessionStore: pollwire.sessionStore, voteStore: pollwire.voteStore })(
      sessionId,
    );
    expect((await pollwire.hub.log.head(sessionId)).lastSeq).toBe(0);
    await pollwire.close();
  });
});
