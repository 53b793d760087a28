import { VOTE_REJECTION_REASONS, type ServerMessage } from '@pollwire/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { api, connect, type Scenario, startScenario, type TestClient, voteFrame } from './harness.js';

let scenario: Scenario;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await scenario?.server.close();
});

async function setup() {
  scenario = await startScenario();
  const presenter = await connect(scenario.ws(scenario.presenterToken));
  const mc = await scenario.poll({ question: 'MC', pollType: 'multiple_choice', options: ['A', 'B'] });
  const rating = await scenario.poll({ question: 'Rate', pollType: 'rating_scale', minRating: 1, maxRating: 5 });
  const draft = await scenario.poll({ question: 'Later', pollType: 'open_text' });
  await scenario.post('/start');
  await scenario.post(`/polls/${mc.pollId}/activate`);
  const ann = await scenario.join('Ann');
  const participant = await connect(scenario.ws(ann.token));
  clients.push(presenter, participant);
  await participant.next((m) => m.event === 'participant:counted');
  const options = (mc.options as { optionId: string }[]).map((o) => o.optionId);
  let n = 0;
  /** Sends a vote and resolves with the response that echoes its requestId. */
  const vote = async (pollId: string, voteData: Record<string, unknown>, as = ann.participantId) => {
    const requestId = `req-${++n}`;
    const from = participant.messages.length;
    participant.send(voteFrame(as, pollId, voteData, requestId));
    return participant.next((m) => m.requestId === requestId, from);
  };
  return { presenter, participant, ann, mc, rating, draft, options, vote };
}

const reason = (message: ServerMessage) => (message.event === 'vote:rejected' ? message.payload.reason : message.event);

describe('vote validation over real sockets', () => {
  it('answers every rejection reason with vote:rejected to the submitter only, echoing requestId', async () => {
    const { presenter, participant, ann, mc, rating, draft, options, vote } = await setup();
    const seen = new Set<string>();
    const expectRejection = async (promise: Promise<ServerMessage>, expected: string) => {
      const message = await promise;
      expect(reason(message)).toBe(expected);
      expect(message.payload).toMatchObject({ participantId: ann.participantId });
      expect(message.seq).toBeUndefined();
      seen.add(expected);
    };
    await expectRejection(vote(draft.pollId, { textResponse: 'hi' }), 'poll_not_active');
    await expectRejection(vote(rating.pollId, { ratingValue: 3 }), 'poll_not_active');
    await expectRejection(vote(mc.pollId, { selectedOptionIds: [draft.pollId] }), 'invalid_option');
    await expectRejection(vote(mc.pollId, { selectedOptionIds: options }), 'invalid_option');
    await expectRejection(vote(mc.pollId, { ratingValue: 2 }), 'invalid_option');
    expect((await vote(mc.pollId, { selectedOptionIds: [options[0]] })).event).toBe('vote:accepted');
    await expectRejection(vote(mc.pollId, { selectedOptionIds: [options[1]] }), 'duplicate_vote');
    await scenario.post(`/polls/${rating.pollId}/activate`);
    await expectRejection(vote(rating.pollId, { ratingValue: 6 }), 'invalid_rating');
    await expectRejection(vote(rating.pollId, { ratingValue: 0 }), 'invalid_rating');
    await expectRejection(vote(mc.pollId, { selectedOptionIds: [options[1]] }), 'poll_closed');
    expect([...seen].sort()).toEqual([...VOTE_REJECTION_REASONS].sort());
    expect(presenter.messages.some((m) => m.event === 'vote:rejected')).toBe(false);
    expect(participant.messages.filter((m) => m.event === 'vote:accepted' && m.seq !== undefined)).toHaveLength(1);
  });

  it('re-sends the original confirmation for a repeated requestId and counts nothing twice', async () => {
    const { presenter, participant, ann, mc, options } = await setup();
    const frame = voteFrame(ann.participantId, mc.pollId, { selectedOptionIds: [options[0]] }, 'same');
    participant.send(frame);
    const first = await participant.next((m) => m.requestId === 'same');
    await presenter.next((m) => m.event === 'vote:accepted');
    participant.send(frame);
    participant.send(voteFrame(ann.participantId, mc.pollId, { selectedOptionIds: [options[1]] }, 'same'));
    // Frames of one connection are handled in order: once the sentinel is answered, both resends were.
    participant.send({ event: 'vote:submitted', requestId: 'sentinel', payload: {} });
    await participant.next((m) => m.requestId === 'sentinel');
    const confirmations = participant.messages.filter((m) => m.requestId === 'same');
    expect(confirmations).toHaveLength(3);
    for (const confirmation of confirmations) {
      expect(confirmation.event).toBe('vote:accepted');
      expect(confirmation.payload).toEqual(first.payload);
    }
    expect(new Set(confirmations.map((m) => m.eventId)).size).toBe(3);
    expect(presenter.messages.filter((m) => m.event === 'vote:accepted')).toHaveLength(1);
    const closed = await scenario.post(`/polls/${mc.pollId}/close`);
    expect(closed.body).toMatchObject({ finalVoteCount: 1 });
  });

  it('lists voters of non-anonymous polls to the presenter only, and never of anonymous ones', async () => {
    const { ann, mc, options, vote } = await setup();
    const named = await scenario.poll({ question: 'Named', pollType: 'open_text', isAnonymous: false });
    await scenario.post(`/polls/${named.pollId}/activate`);
    await vote(named.pollId, { textResponse: 'mine' });
    const base = `/api/sessions/${scenario.sessionId}/polls`;
    const voters = await api(scenario.server, 'GET', `${base}/${named.pollId}/voters`, {
      token: scenario.presenterToken,
    });
    expect(voters).toMatchObject({
      status: 200,
      body: { voters: [{ participantId: ann.participantId, displayName: 'Ann', voteData: { textResponse: 'mine' } }] },
    });
    expect(
      (await api(scenario.server, 'GET', `${base}/${mc.pollId}/voters`, { token: scenario.presenterToken })).status,
    ).toBe(403);
    expect((await api(scenario.server, 'GET', `${base}/${named.pollId}/voters`, { token: ann.token })).status).toBe(
      403,
    );
    expect(options).toHaveLength(2);
  });
});
