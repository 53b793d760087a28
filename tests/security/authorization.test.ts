import { ERROR_CODES } from '@pollwire/contracts';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { openRecorder } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, optionIds, request, type TestSession } from '../support/api.js';
import { reportFigures } from '../support/report.js';

let server: ReferenceServer;
let a: TestSession;
let b: TestSession;

beforeAll(async () => {
  server = await startReferenceServer({ port: 0 });
  [a, b] = await Promise.all([createTestSession(server.httpUrl, 'A'), createTestSession(server.httpUrl, 'B')]);
  await Promise.all([a.start(), b.start()]);
});
afterAll(() => server.close());

const wsUrl = (token: string, query = '') => `${server.wsUrl}?token=${encodeURIComponent(token)}${query}`;
const vote = (participantId: string, pollId: string, optionId: string, requestId: string) => ({
  event: 'vote:submitted',
  requestId,
  payload: {
    pollId,
    participantId,
    voteData: { selectedOptionIds: [optionId] },
    submittedAt: new Date().toISOString(),
  },
});
const head = async (session: TestSession) => (await server.hub.log.head(session.sessionId)).lastSeq;

describe('a participant acts only as itself, in its own session', () => {
  it('cannot vote as another participant (forbidden), nor as a presenter; nothing is counted', async () => {
    const poll = await a.createChoicePoll('Who?', false);
    await a.activate(poll.pollId);
    const [mallory, victim] = await Promise.all([a.join('Mallory'), a.join('Victim')]);
    const socket = await openRecorder(wsUrl(mallory.token));
    const presenter = await openRecorder(wsUrl(a.presenterToken));
    await socket.next((m) => m.event === 'connection:established');
    await presenter.next((m) => m.event === 'connection:established');
    const before = await head(a);
    const [optionId] = optionIds(poll) as [string];
    socket.send(vote(victim.participantId, poll.pollId, optionId, 'as-victim'));
    presenter.send(vote(mallory.participantId, poll.pollId, optionId, 'as-presenter'));
    const refused = await socket.next((m) => m.requestId === 'as-victim');
    const refusedPresenter = await presenter.next((m) => m.requestId === 'as-presenter');
    for (const message of [refused, refusedPresenter]) {
      expect(message.event).toBe('error:general');
      expect(message.payload).toMatchObject({ errorCode: ERROR_CODES.forbidden });
    }
    expect(await head(a)).toBe(before);
    expect(await server.pollwire.service.listVoters(a.sessionId, poll.pollId)).toEqual([]);
    await Promise.all([socket.close(), presenter.close()]);
  });

  it('cannot vote in another session (poll_not_found), and the other session sees nothing', async () => {
    const pollB = await b.createChoicePoll('B only');
    await b.activate(pollB.pollId);
    const intruder = await a.join('Intruder');
    const socket = await openRecorder(wsUrl(intruder.token));
    const watcherB = await openRecorder(wsUrl(b.presenterToken));
    await socket.next((m) => m.event === 'connection:established');
    await watcherB.next((m) => m.event === 'connection:established');
    const beforeB = await head(b);
    socket.send(vote(intruder.participantId, pollB.pollId, optionIds(pollB)[0]!, 'cross'));
    const answer = await socket.next((m) => m.requestId === 'cross');
    expect(answer.event).toBe('error:general');
    expect(answer.payload).toMatchObject({ errorCode: ERROR_CODES.pollNotFound });
    expect(await head(b)).toBe(beforeB);
    expect(watcherB.messages.some((m) => m.event === 'vote:accepted')).toBe(false);
    await Promise.all([socket.close(), watcherB.close()]);
  });

  it('cannot call presenter HTTP operations: participant → 403, other session presenter → 403, no token → 401', async () => {
    const poll = await a.createChoicePoll('Presenter ops');
    const participant = await a.join();
    const base = `/api/sessions/${a.sessionId}`;
    const operations: { method: 'GET' | 'POST'; path: string; body?: unknown }[] = [
      { method: 'POST', path: `${base}/polls`, body: { question: 'x', pollType: 'open_text' } },
      { method: 'POST', path: `${base}/start` },
      { method: 'POST', path: `${base}/end` },
      { method: 'POST', path: `${base}/polls/${poll.pollId}/activate` },
      { method: 'POST', path: `${base}/polls/${poll.pollId}/close` },
      { method: 'GET', path: `${base}/polls/${poll.pollId}/voters` },
    ];
    const before = await head(a);
    let refusals = 0;
    for (const { method, path, body } of operations) {
      const asParticipant = await request(server.httpUrl, method, path, { token: participant.token, body });
      const asOtherPresenter = await request(server.httpUrl, method, path, { token: b.presenterToken, body });
      const anonymous = await request(server.httpUrl, method, path, { body });
      expect([asParticipant.status, asOtherPresenter.status, anonymous.status], path).toEqual([403, 403, 401]);
      refusals += 3;
    }
    expect(await head(a)).toBe(before);
    reportFigures('authorization presenter-ops', { operations: operations.length, refusals, stateChanges: 0 });
  });
});
