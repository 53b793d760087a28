import type { ServerMessage } from '@pollwire/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Scenario, startScenario, type TestClient, voteFrame } from './harness.js';

let scenario: Scenario;
const clients: TestClient[] = [];
const open = async (url: string) => {
  const client = await connect(url);
  clients.push(client);
  return client;
};
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await scenario?.server.close();
});

const room = (client: TestClient) => client.messages.filter((m) => m.seq !== undefined);
const events = (messages: ServerMessage[]) => messages.map((m) => m.event);

describe('scenario 2: presenter starts a session and activates a poll', () => {
  it('broadcasts session:created, poll:created, session:started and poll:activated to every client, in order', async () => {
    scenario = await startScenario();
    const presenter = await open(scenario.ws(scenario.presenterToken));
    const established = await presenter.next((m) => m.event === 'connection:established');
    expect(established.payload).toMatchObject({ snapshot: true, heartbeatIntervalMs: 30_000 });
    const state = await presenter.next((m) => m.event === 'session:synchronized');
    expect(state.payload).toMatchObject({ seq: 1, status: 'draft', polls: [], participantCount: 0, attendance: [] });
    const p = await scenario.join('Bo');
    const participant = await open(scenario.ws(p.token));
    await participant.next((m) => m.event === 'participant:counted');

    const created = await scenario.poll({
      question: 'Lunch?',
      pollType: 'multiple_choice',
      options: ['Pizza', 'Soup'],
    });
    expect(created).toMatchObject({
      pollType: 'multiple_choice',
      allowMultiple: false,
      isAnonymous: true,
      sequenceOrder: 0,
    });
    const started = await scenario.post('/start');
    expect(started).toMatchObject({ status: 200, body: { status: 'active', participantCount: 1 } });
    const activated = await scenario.post(`/polls/${created.pollId}/activate`);
    expect(activated).toMatchObject({ status: 200, body: { pollId: created.pollId, question: 'Lunch?' } });

    for (const client of [presenter, participant]) {
      await client.next((m) => m.event === 'poll:activated');
      expect(events(room(client))).toEqual(
        expect.arrayContaining(['participant:counted', 'poll:created', 'session:started', 'poll:activated']),
      );
      const seqs = room(client).map((m) => m.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a! - b!));
    }
    const poll = await participant.next((m) => m.event === 'poll:created');
    expect(poll.payload).toEqual(created);
    expect(poll.sessionId).toBe(scenario.sessionId);
  });

  it('closes the active poll before activating another (poll:closed, then poll:activated)', async () => {
    scenario = await startScenario();
    const presenter = await open(scenario.ws(scenario.presenterToken));
    const first = await scenario.poll({ question: 'One?', pollType: 'open_text' });
    const second = await scenario.poll({ question: 'Two?', pollType: 'rating_scale', minRating: 1, maxRating: 10 });
    await scenario.post('/start');
    await scenario.post(`/polls/${first.pollId}/activate`);
    await scenario.post(`/polls/${second.pollId}/activate`);
    await presenter.next((m) => m.event === 'poll:activated' && m.payload.pollId === second.pollId);
    expect(events(room(presenter)).slice(-3)).toEqual(['poll:activated', 'poll:closed', 'poll:activated']);
    expect(room(presenter).at(-2)?.payload).toMatchObject({ pollId: first.pollId, finalVoteCount: 0 });
    expect((await scenario.post(`/polls/${first.pollId}/activate`)).status).toBe(409);
  });

  it('ends a session by closing its open poll, then session:ended; further transitions are 409', async () => {
    scenario = await startScenario();
    const presenter = await open(scenario.ws(scenario.presenterToken));
    const poll = await scenario.poll({ question: 'Q?', pollType: 'open_text' });
    expect((await scenario.post(`/polls/${poll.pollId}/activate`)).status).toBe(409);
    await scenario.post('/start');
    await scenario.post(`/polls/${poll.pollId}/activate`);
    const ended = await scenario.post('/end');
    expect(ended).toMatchObject({ status: 200, body: { status: 'ended', finalParticipantCount: 0 } });
    await presenter.next((m) => m.event === 'session:ended');
    expect(events(room(presenter)).slice(-2)).toEqual(['poll:closed', 'session:ended']);
    expect((await scenario.post('/start')).status).toBe(409);
    expect((await scenario.post('/end')).status).toBe(409);
    expect((await scenario.post(`/polls/${poll.pollId}/close`)).status).toBe(409);
    expect((await scenario.post('/polls', { question: 'Late?', pollType: 'open_text' })).status).toBe(409);
  });
});

describe('scenario 1: a participant joins and votes', () => {
  it('announces the join, gives the state as a snapshot, and broadcasts aggregates after the vote', async () => {
    scenario = await startScenario();
    const presenter = await open(scenario.ws(scenario.presenterToken));
    const poll = await scenario.poll({ question: 'Pick', pollType: 'multiple_choice', options: ['A', 'B', 'C'] });
    const options = poll.options as { optionId: string }[];
    await scenario.post('/start');
    await scenario.post(`/polls/${poll.pollId}/activate`);

    const ann = await scenario.join('Ann');
    const participant = await open(scenario.ws(ann.token));
    const established = await participant.next((m) => m.event === 'connection:established');
    expect(established.payload).toMatchObject({ snapshot: true, cursor: expect.stringMatching(/-4$/) });
    expect(established.payload).not.toHaveProperty('historyCount');
    const state = await participant.next((m) => m.event === 'session:synchronized');
    expect(participant.messages[1]).toBe(state);
    expect(state.payload).toMatchObject({
      seq: 4,
      status: 'active',
      activePollId: poll.pollId,
      polls: [{ pollId: poll.pollId, status: 'active', results: { currentVoteCount: 0 } }],
    });
    // A participant's snapshot names no one: attendance is for presenters.
    expect(state.payload).not.toHaveProperty('attendance');
    expect(state.payload).not.toHaveProperty('myVotes');
    const joined = await presenter.next((m) => m.event === 'participant:joined');
    expect(joined.payload).toMatchObject({ participantId: ann.participantId, displayName: 'Ann', participantCount: 1 });

    participant.send(
      voteFrame(ann.participantId, poll.pollId, { selectedOptionIds: [options[1]!.optionId] }, 'vote-1'),
    );
    const confirmation = await participant.next((m) => m.event === 'vote:accepted' && m.seq === undefined);
    expect(confirmation.requestId).toBe('vote-1');
    expect(confirmation.payload).toMatchObject({ participantId: ann.participantId, currentVoteCount: 1 });
    for (const client of [presenter, participant]) {
      const broadcast = await client.next((m) => m.event === 'vote:accepted' && m.seq !== undefined);
      expect(broadcast.payload).toMatchObject({
        pollId: poll.pollId,
        currentVoteCount: 1,
        voteBreakdown: [
          { optionId: options[0]!.optionId, voteCount: 0, percentage: 0 },
          { optionId: options[1]!.optionId, voteCount: 1, percentage: 100 },
          { optionId: options[2]!.optionId, voteCount: 0, percentage: 0 },
        ],
      });
      expect(broadcast.payload).not.toHaveProperty('participantId');
    }
    const rating = await scenario.poll({ question: 'Rate', pollType: 'rating_scale', minRating: 1, maxRating: 5 });
    await scenario.post(`/polls/${rating.pollId}/activate`);
    participant.send(voteFrame(ann.participantId, rating.pollId, { ratingValue: 4 }, 'vote-2'));
    const rated = await presenter.next((m) => m.event === 'vote:accepted' && m.payload.pollId === rating.pollId);
    expect(rated.payload).toMatchObject({ averageRating: 4, ratingDistribution: { '4': 1 }, currentVoteCount: 1 });
    const closed = await scenario.post(`/polls/${rating.pollId}/close`);
    expect(closed.body).toMatchObject({ finalVoteCount: 1 });
  });

  it('counts distinct participants: a second tab neither re-announces nor disconnects the participant', async () => {
    scenario = await startScenario();
    const presenter = await open(scenario.ws(scenario.presenterToken));
    const ann = await scenario.join();
    const tab1 = await open(scenario.ws(ann.token));
    const tab2 = await open(scenario.ws(ann.token));
    await presenter.next((m) => m.event === 'participant:joined');
    await tab2.next((m) => m.event === 'connection:established');
    await tab1.close();
    const bo = await scenario.join();
    const other = await open(scenario.ws(bo.token));
    const joined = await presenter.next(
      (m) => m.event === 'participant:joined' && m.payload.participantId === bo.participantId,
    );
    expect(joined.payload).toMatchObject({ participantCount: 2 });
    await other.close();
    await tab2.close();
    await presenter.next(
      (m) => m.event === 'participant:disconnected' && m.payload.participantId === ann.participantId,
    );
    const attendance = room(presenter).filter(
      (m) => m.event === 'participant:joined' || m.event === 'participant:disconnected',
    );
    const summary = attendance.map((m) => {
      const payload = m.payload as { participantId: string; participantCount: number };
      return [m.event, payload.participantId, payload.participantCount];
    });
    expect(summary).toEqual([
      ['participant:joined', ann.participantId, 1],
      ['participant:joined', bo.participantId, 2],
      ['participant:disconnected', bo.participantId, 1],
      ['participant:disconnected', ann.participantId, 0],
    ]);
  });
});

describe('scenario 3: a client reconnects after a disconnect', () => {
  it('broadcasts participant:disconnected, then replays exactly the missed events on resume', async () => {
    scenario = await startScenario();
    const presenter = await open(scenario.ws(scenario.presenterToken));
    const poll = await scenario.poll({ question: 'Q', pollType: 'open_text' });
    await scenario.post('/start');
    const ann = await scenario.join('Ann');
    const first = await open(scenario.ws(ann.token));
    await first.next((m) => m.event === 'participant:counted');
    const lastEventId = room(first).at(-1)!.eventId;
    await first.close();
    await presenter.next((m) => m.event === 'participant:disconnected');
    await presenter.next((m) => m.event === 'participant:counted' && m.payload.participantCount === 0);
    await scenario.post(`/polls/${poll.pollId}/activate`);
    await scenario.post('/end');
    const missed = room(presenter).filter((m) => m.seq! > room(first).at(-1)!.seq!);
    expect(events(missed)).toEqual([
      'participant:disconnected',
      'participant:counted',
      'poll:activated',
      'poll:closed',
      'session:ended',
    ]);
    // The participant's replay leaves out what is for presenters only; the next event says what came before it.
    const due = missed.filter((m) => m.event !== 'participant:disconnected');
    expect(due[0]!.prev).toBe(room(first).at(-1)!.seq);

    const again = await open(scenario.ws(ann.token, `&lastEventId=${encodeURIComponent(lastEventId)}`));
    const reconnected = await again.next((m) => m.event === 'connection:reconnected');
    expect(reconnected.payload).toMatchObject({
      replayFrom: lastEventId,
      replayCount: 4,
      recovered: true,
      cursor: missed.at(-1)!.eventId,
      role: 'participant',
    });
    expect(again.messages.slice(1, 5).map((m) => m.eventId)).toEqual(due.map((m) => m.eventId));
    expect(again.frames[1]).toBe(
      `[${presenter.frames.filter((f) => due.some((m) => f.includes(m.eventId))).join(',')}]`,
    );
  });
});
