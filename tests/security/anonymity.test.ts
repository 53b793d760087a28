import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { type FrameRecorder, openRecorder } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, type PollInput } from '../support/api.js';
import { reportFigures } from '../support/report.js';

const PEOPLE = 6;
const ATTENDANCE = new Set(['participant:joined', 'participant:disconnected']);

let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({ port: 0 });
});
afterAll(() => server.close());

describe('anonymity of room broadcasts', () => {
  it(`captures every frame to every socket (live, resumed, late history, late state) through anonymous and named polls: 0 identities in room broadcasts`, async () => {
    const session = await createTestSession(server.httpUrl, 'Anonymity');
    const sockets: { owner: string | undefined; recorder: FrameRecorder; kind: string }[] = [];
    const open = async (token: string, owner: string | undefined, kind: string, query = '') => {
      const recorder = await openRecorder(`${server.wsUrl}?token=${encodeURIComponent(token)}${query}`);
      sockets.push({ owner, recorder, kind });
      return recorder;
    };
    await open(session.presenterToken, undefined, 'live');
    const inputs: PollInput[] = [
      { question: 'Anon choice', pollType: 'multiple_choice', options: ['A', 'B', 'C'], isAnonymous: true },
      {
        question: 'Named choice',
        pollType: 'multiple_choice',
        options: ['A', 'B'],
        isAnonymous: false,
        allowMultiple: true,
      },
      { question: 'Anon rating', pollType: 'rating_scale', minRating: 1, maxRating: 5, isAnonymous: true },
      { question: 'Named rating', pollType: 'rating_scale', minRating: 1, maxRating: 5, isAnonymous: false },
      { question: 'Anon text', pollType: 'open_text', isAnonymous: true },
      { question: 'Named text', pollType: 'open_text', isAnonymous: false },
    ];
    const polls = [];
    for (const input of inputs) polls.push(await session.createPoll(input));
    await session.start();
    const people = await Promise.all(Array.from({ length: PEOPLE }, (_, i) => session.join(`Person ${i}`)));
    const ids = people.map((p) => p.participantId);
    const names = people.map((_, i) => `Person ${i}`);
    const clients = await Promise.all(people.map((p) => open(p.token, p.participantId, 'live')));
    for (const [pollIndex, poll] of polls.entries()) {
      await session.activate(poll.pollId);
      for (const [i, person] of people.entries()) {
        const voteData =
          poll.pollType === 'multiple_choice'
            ? { selectedOptionIds: [poll.options![i % poll.options!.length]!.optionId] }
            : poll.pollType === 'rating_scale'
              ? { ratingValue: 1 + (i % 5) }
              : { textResponse: `answer ${i}` };
        const requestId = `${pollIndex}-${i}`;
        clients[i]!.send({
          event: 'vote:submitted',
          requestId,
          payload: {
            pollId: poll.pollId,
            participantId: person.participantId,
            voteData,
            submittedAt: new Date().toISOString(),
          },
        });
        await clients[i]!.next((m) => m.requestId === requestId);
      }
      if (pollIndex === 2) {
        // Person 1 drops and resumes: the replayed frames go through the same checks.
        const cursor = clients[1]!.messages.filter((m) => m.seq !== undefined).at(-1)!.eventId;
        await clients[1]!.close();
        clients[1] = await open(people[1]!.token, ids[1], 'resumed', `&lastEventId=${encodeURIComponent(cursor)}`);
        await clients[1]!.next((m) => m.event === 'connection:reconnected');
      }
      await session.close(poll.pollId);
    }
    await session.end();
    const { cursor: lastEventId } = await server.hub.log.head(session.sessionId);
    const late = await open(session.presenterToken, undefined, 'history', '&history=1');
    await late.next((m) => m.eventId === lastEventId);
    // Late sockets that get the state instead: a presenter's (with attendance) and a participant's (own votes).
    const states = [
      await open(session.presenterToken, undefined, 'state'),
      await open(people[0]!.token, ids[0], 'state'),
    ];
    await Promise.all(states.map((s) => s.next((m) => m.event === 'session:synchronized')));
    await Promise.all(sockets.map(({ recorder }) => recorder.close()));

    const counts = {
      sockets: sockets.length,
      frames: 0,
      roomBroadcasts: 0,
      replayedBroadcasts: 0,
      attendance: 0,
      unicasts: 0,
      snapshots: 0,
      identityLeaks: 0,
      nameLeaks: 0,
    };
    for (const { owner, recorder, kind } of sockets) {
      expect(recorder.invalid).toEqual([]);
      counts.frames += recorder.frames.length;
      for (const message of recorder.messages) {
        const json = JSON.stringify(message);
        if (message.event === 'session:synchronized') {
          counts.snapshots += 1;
          // Attendance only to presenters; elsewhere a snapshot names no one but its receiver.
          const { attendance, ...rest } = message.payload;
          if (attendance !== undefined && owner !== undefined) counts.identityLeaks += 1;
          for (const id of ids) if (id !== owner && JSON.stringify(rest).includes(id)) counts.identityLeaks += 1;
          for (const name of names) if (JSON.stringify(rest).includes(name)) counts.nameLeaks += 1;
          continue;
        }
        if (message.seq === undefined) {
          counts.unicasts += 1;
          // A unicast may name a participant only to that participant.
          for (const id of ids) if (json.includes(id) && owner !== id) counts.identityLeaks += 1;
          continue;
        }
        counts.roomBroadcasts += 1;
        if (kind !== 'live') counts.replayedBroadcasts += 1;
        if (ATTENDANCE.has(message.event)) {
          counts.attendance += 1;
          const own = (message.payload as { participantId: string }).participantId;
          expect(ids).toContain(own);
          for (const id of ids) if (id !== own && json.includes(id)) counts.identityLeaks += 1;
          continue;
        }
        for (const id of ids) if (json.includes(id)) counts.identityLeaks += 1;
        if (json.includes('participantId')) counts.identityLeaks += 1;
        for (const name of names) if (json.includes(name)) counts.nameLeaks += 1;
      }
    }
    reportFigures('anonymity memory-node', { polls: polls.length, participants: PEOPLE, ...counts });
    expect(counts.identityLeaks).toBe(0);
    expect(counts.nameLeaks).toBe(0);
    expect(counts.replayedBroadcasts).toBeGreaterThan(50);
    expect(counts.snapshots).toBeGreaterThanOrEqual(states.length);
    // Every vote of every poll reached the late socket's history as aggregates only.
    expect(late.messages.filter((m) => m.event === 'vote:accepted')).toHaveLength(polls.length * PEOPLE);
  });
});
