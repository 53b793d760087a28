import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidTransitionError, NotFoundError } from '../errors.js';
import { createPollwire } from '../pollwire.js';

const setup = async () => {
  const pollwire = createPollwire();
  const session = await pollwire.service.createSession({ title: 'Retro' });
  return { ...pollwire, sessionId: session.sessionId };
};

const events = async (pollwire: Awaited<ReturnType<typeof setup>>) =>
  (await pollwire.hub.log.history(pollwire.sessionId)).frames.map((frame) => JSON.parse(frame).event as string);

describe('createSessionService', () => {
  it('enforces the session state machine with typed errors', async () => {
    const pollwire = await setup();
    const { service, sessionId } = pollwire;
    await expect(service.endSession(sessionId)).rejects.toMatchObject({
      name: 'InvalidTransitionError',
      code: 'invalid_transition',
      entity: 'session',
      from: 'draft',
      to: 'ended',
    });
    await service.startSession(sessionId);
    await expect(service.startSession(sessionId)).rejects.toBeInstanceOf(InvalidTransitionError);
    await service.endSession(sessionId);
    await expect(service.createPoll(sessionId, { question: 'Q', pollType: 'open_text' })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    await expect(service.startSession(crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    expect(await events(pollwire)).toEqual(['session:created', 'session:started', 'session:ended']);
    await pollwire.close();
  });

  it('keeps one active poll: activating another closes the previous first; ending closes the open one', async () => {
    const pollwire = await setup();
    const { service, sessionId } = pollwire;
    const a = await service.createPoll(sessionId, { question: 'A', pollType: 'open_text' });
    const b = await service.createPoll(sessionId, { question: 'B', pollType: 'rating_scale' });
    await expect(service.activatePoll(sessionId, a.pollId)).rejects.toBeInstanceOf(InvalidTransitionError);
    await service.startSession(sessionId);
    await service.activatePoll(sessionId, a.pollId);
    await service.activatePoll(sessionId, b.pollId);
    expect((await service.getPoll(sessionId, a.pollId)).status).toBe('closed');
    expect((await service.getSession(sessionId)).activePollId).toBe(b.pollId);
    await expect(service.closePoll(sessionId, a.pollId)).rejects.toMatchObject({ entity: 'poll', from: 'closed' });
    await service.endSession(sessionId);
    expect(await events(pollwire)).toEqual([
      'session:created',
      'poll:created',
      'poll:created',
      'session:started',
      'poll:activated',
      'poll:closed',
      'poll:activated',
      'poll:closed',
      'session:ended',
    ]);
    await pollwire.close();
  });

  it('names the invalid field of a poll', async () => {
    const { service, sessionId, close } = await setup();
    const field = (input: Parameters<typeof service.createPoll>[1]) =>
      service.createPoll(sessionId, input).then(
        () => undefined,
        (error: unknown) => (error instanceof InvalidInputError ? error.field : String(error)),
      );
    expect(await field({ question: ' ', pollType: 'open_text' })).toBe('question');
    expect(await field({ question: 'Q', pollType: 'multiple_choice', options: ['a'] })).toBe('options');
    expect(await field({ question: 'Q', pollType: 'open_text', options: ['a', 'b'] })).toBe('options');
    expect(await field({ question: 'Q', pollType: 'rating_scale', minRating: 1.5 })).toBe('minRating');
    expect(await field({ question: 'Q', pollType: 'open_text', maxRating: 3 })).toBe('maxRating');
    await close();
  });
});
