import { parseServerFrame, type ServerMessage } from '@pollwire/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Scenario, startScenario, type TestClient, voteFrame } from './harness.js';

let scenario: Scenario;
afterEach(async () => {
  await scenario?.server.close();
});

const ATTENDANCE_KEYS = new Set([
  'participantId',
  'sessionId',
  'displayName',
  'joinedAt',
  'disconnectedAt',
  'participantCount',
]);

const envelopes = (frames: string[]): ServerMessage[] =>
  frames.flatMap((frame) => parseServerFrame(frame).flatMap((result) => (result.ok ? [result.message] : [])));

describe('anonymity of room broadcasts', () => {
  it('never puts a participant identity in a vote, poll or session broadcast, live or replayed', async () => {
    scenario = await startScenario();
    const sockets: { owner: string | undefined; client: TestClient }[] = [];
    const open = async (token: string, owner: string | undefined, query = '') => {
      const client = await connect(scenario.ws(token, query));
      sockets.push({ owner, client });
      return client;
    };
    await open(scenario.presenterToken, undefined);
    const polls = [
      await scenario.poll({ question: 'Anon MC', pollType: 'multiple_choice', options: ['A', 'B'], isAnonymous: true }),
      await scenario.poll({
        question: 'Named MC',
        pollType: 'multiple_choice',
        options: ['A', 'B'],
        isAnonymous: false,
      }),
      await scenario.poll({ question: 'Named rate', pollType: 'rating_scale', isAnonymous: false }),
      await scenario.poll({ question: 'Anon text', pollType: 'open_text', isAnonymous: true }),
      await scenario.poll({ question: 'Named text', pollType: 'open_text', isAnonymous: false }),
    ];
    await scenario.post('/start');
    const people = await Promise.all(['Ann', 'Bo', 'Cy'].map((name) => scenario.join(name)));
    const ids = people.map((p) => p.participantId);
    const participantClients = await Promise.all(people.map((p) => open(p.token, p.participantId)));

    for (const poll of polls) {
      await scenario.post(`/polls/${poll.pollId}/activate`);
      for (const [i, person] of people.entries()) {
        const voteData =
          poll.pollType === 'multiple_choice'
            ? { selectedOptionIds: [(poll.options as { optionId: string }[])[i % 2]!.optionId] }
            : poll.pollType === 'rating_scale'
              ? { ratingValue: 1 + i }
              : { textResponse: `answer of ${person.participantId}` };
        const requestId = `${poll.pollId}-${i}`;
        participantClients[i]!.send(voteFrame(person.participantId, poll.pollId, voteData, requestId));
        await participantClients[i]!.next((m) => m.requestId === requestId);
      }
      if (poll === polls[1]) {
        // Bo drops and resumes mid-run: the replay goes through the same checks.
        const cursor = participantClients[1]!.messages.filter((m) => m.seq !== undefined).at(-1)!.eventId;
        await participantClients[1]!.close();
        participantClients[1] = await open(people[1]!.token, people[1]!.participantId, `&lastEventId=${cursor}`);
        await participantClients[1]!.next((m) => m.event === 'connection:reconnected');
      }
    }
    await scenario.post('/end');
    const late = await open(scenario.presenterToken, undefined, '&history=1');
    await late.next((m) => m.event === 'session:ended');
    // Late joiners get the state: a presenter's names who attends, a participant's holds their own votes only.
    const latePresenter = await open(scenario.presenterToken, undefined);
    const presenterState = await latePresenter.next((m) => m.event === 'session:synchronized');
    expect(presenterState.payload).toMatchObject({ status: 'ended', attendance: expect.any(Array) });
    const lateVoter = await open(people[2]!.token, ids[2]);
    const voterState = await lateVoter.next((m) => m.event === 'session:synchronized');
    expect((voterState.payload as { myVotes: unknown[] }).myVotes).toHaveLength(polls.length);
    expect(voterState.payload).not.toHaveProperty('attendance');
    await Promise.all(sockets.map(({ client }) => client.close()));

    let roomBroadcasts = 0;
    for (const { owner, client } of sockets) {
      for (const message of envelopes(client.frames)) {
        const json = JSON.stringify(message);
        if (message.event === 'session:synchronized' && owner === undefined) {
          // A presenter's snapshot names attendees in its attendance, and nowhere else.
          const { attendance = [], ...rest } = message.payload;
          for (const attendee of attendance) {
            expect(Object.keys(attendee).every((key) => ATTENDANCE_KEYS.has(key))).toBe(true);
          }
          for (const id of ids) expect(JSON.stringify(rest)).not.toContain(id);
          continue;
        }
        if (message.seq === undefined) {
          // Unicasts may name a participant only to that participant.
          for (const id of ids) if (json.includes(id)) expect(owner).toBe(id);
          continue;
        }
        roomBroadcasts++;
        if (message.event === 'participant:joined' || message.event === 'participant:disconnected') {
          expect(Object.keys(message.payload).every((key) => ATTENDANCE_KEYS.has(key))).toBe(true);
          const others = ids.filter((id) => id !== message.payload.participantId);
          expect(ids).toContain(message.payload.participantId);
          for (const id of others) expect(json).not.toContain(id);
        } else {
          for (const id of ids) expect(json).not.toContain(id);
          expect(json).not.toContain('participantId');
        }
      }
    }
    const replayed = envelopes(sockets.find(({ client }) => client === late)!.client.frames);
    expect(replayed.filter((m) => m.event === 'vote:accepted')).toHaveLength(polls.length * people.length);
    expect(roomBroadcasts).toBeGreaterThan(100);
  });
});
