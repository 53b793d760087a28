import { CLOSE_CODES, ERROR_CODES, type ServerMessage } from '@pollwire/contracts';
import { createMemoryVoteStore, StoreUnavailableError, type VoteStore } from '@pollwire/server-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Scenario, startScenario, type TestClient, voteFrame } from './harness.js';

let scenario: Scenario;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await scenario?.server.close();
});

/** A vote store whose `record` can be made to fail. */
function faultyVoteStore() {
  const inner = createMemoryVoteStore();
  const control = { fail: undefined as Error | undefined };
  const store: VoteStore = {
    ...inner,
    record: (input) => {
      if (control.fail) throw control.fail;
      return inner.record(input);
    },
  };
  return { store, control };
}

const errorOf = (message: ServerMessage) => {
  if (message.event !== 'error:general') throw new Error(`expected error:general, got ${message.event}`);
  return message.payload;
};

describe('error:general over real sockets', () => {
  it('answers every error code with requestContext, and no state changes', async () => {
    const faulty = faultyVoteStore();
    scenario = await startScenario({ voteStore: faulty.store });
    const poll = await scenario.poll({ question: 'Q', pollType: 'open_text' });
    await scenario.post('/start');
    await scenario.post(`/polls/${poll.pollId}/activate`);
    const ann = await scenario.join();
    const presenter = await connect(scenario.ws(scenario.presenterToken));
    const client = await connect(scenario.ws(ann.token));
    clients.push(presenter, client);
    await client.next((m) => m.event === 'participant:counted');
    const head = await scenario.server.hub.log.head(scenario.sessionId);

    const seen = new Set<string>();
    const expectError = async (send: () => void, code: string, context: Record<string, unknown> = {}) => {
      const from = client.messages.length;
      send();
      const payload = errorOf(await client.next((m) => m.event === 'error:general', from));
      expect(payload.errorCode).toBe(code);
      expect(payload.requestContext).toMatchObject(context);
      seen.add(code);
    };
    const text = { textResponse: 'hello' };
    await expectError(() => client.send('{not json'), ERROR_CODES.invalidJson, { eventName: '' });
    await expectError(() => client.send('[1,2]'), ERROR_CODES.invalidMessage);
    await expectError(
      () => client.send({ event: 'vote:submitted', requestId: 'r-bad', payload: { pollId: 'x' } }),
      ERROR_CODES.invalidMessage,
      { eventName: 'vote:submitted', requestId: 'r-bad' },
    );
    await expectError(
      () => client.send(voteFrame(ann.participantId, poll.pollId, { ratingValue: 3 }, 'r-type')),
      ERROR_CODES.invalidMessage,
      { eventName: 'vote:submitted', requestId: 'r-type', entityId: poll.pollId },
    );
    await expectError(() => client.send({ event: 'poll:teleported', payload: {} }), ERROR_CODES.unknownEvent, {
      eventName: 'poll:teleported',
    });
    await expectError(() => client.send({ event: 'poll:created', payload: {} }), ERROR_CODES.unknownEvent);
    await expectError(() => client.ws.send(Buffer.from([1, 2, 3]), { binary: true }), ERROR_CODES.binaryNotSupported);
    await expectError(
      () => client.send(voteFrame(crypto.randomUUID(), poll.pollId, text, 'r-imp')),
      ERROR_CODES.forbidden,
      { eventName: 'vote:submitted', requestId: 'r-imp', entityId: poll.pollId },
    );
    await expectError(
      () => client.send(voteFrame(ann.participantId, crypto.randomUUID(), text, 'r-404')),
      ERROR_CODES.pollNotFound,
      { requestId: 'r-404' },
    );
    faulty.control.fail = new StoreUnavailableError('redis down');
    await expectError(
      () => client.send(voteFrame(ann.participantId, poll.pollId, text, 'r-503')),
      ERROR_CODES.unavailable,
      {
        requestId: 'r-503',
      },
    );
    faulty.control.fail = new Error('boom');
    await expectError(
      () => client.send(voteFrame(ann.participantId, poll.pollId, text, 'r-500')),
      ERROR_CODES.internal,
      {
        requestId: 'r-500',
      },
    );
    faulty.control.fail = undefined;

    // A presenter cannot vote either.
    const from = presenter.messages.length;
    presenter.send(voteFrame(ann.participantId, poll.pollId, text, 'r-pres'));
    expect(errorOf(await presenter.next((m) => m.event === 'error:general', from)).errorCode).toBe(
      ERROR_CODES.forbidden,
    );

    expect(await scenario.server.hub.log.head(scenario.sessionId)).toEqual(head);
    expect(client.messages.filter((m) => m.event === 'error:general').every((m) => m.seq === undefined)).toBe(true);

    // Still serving: the vote goes through afterwards.
    client.send(voteFrame(ann.participantId, poll.pollId, text, 'r-ok'));
    expect((await client.next((m) => m.requestId === 'r-ok')).event).toBe('vote:accepted');
    const expected = Object.values(ERROR_CODES).filter((code) => code !== ERROR_CODES.rateLimited);
    expect([...seen].sort()).toEqual(expected.sort());
  });

  it('rate-limits a flooding connection: rate_limited once, then close 4408 if it persists', async () => {
    scenario = await startScenario({ rateLimit: { burst: 5, perSecond: 1, closeAfterDropped: 10 } });
    const client = await connect(scenario.ws(scenario.presenterToken));
    await client.next((m) => m.event === 'connection:established');
    for (let i = 0; i < 30; i++)
      client.send({ event: 'connection:heartbeat', payload: { timestamp: new Date().toISOString() } });
    const closed = await client.closed;
    expect(closed.code).toBe(CLOSE_CODES.rateLimited);
    const limited = client.messages.filter((m) => m.event === 'error:general');
    expect(limited.map((m) => errorOf(m).errorCode)).toEqual([ERROR_CODES.rateLimited]);
  });

  it('closes a frame above maxPayload (64 KiB) with 1009', async () => {
    scenario = await startScenario();
    const client = await connect(scenario.ws(scenario.presenterToken));
    client.send('x'.repeat(64 * 1024 + 1));
    expect((await client.closed).code).toBe(CLOSE_CODES.messageTooBig);
  });
});
