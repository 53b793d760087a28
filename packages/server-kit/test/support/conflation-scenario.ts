import type { RoomMessage } from '@pollwire/contracts';
import { expect } from 'vitest';
import type { Pollwire } from '../../src/index.js';
import { answersTo, choiceVoteFrame, recordingSocket } from './recording-socket.js';

/** What a presenter watching the room saw while `voters` participants voted once each, then the poll closed. */
export interface ConflationOutcome {
  /** The counts of the room's `vote:accepted` broadcasts, in order. */
  counts: number[];
  /** Their envelope timestamps (ms). */
  at: number[];
  /** `poll:closed.finalVoteCount`. */
  finalVoteCount: number;
  /** Whether `poll:closed` came right after the last results broadcast. */
  closedAfterResults: boolean;
}

/**
 * One poll on `nodes` (one node, or several sharing stores): `voters` participants spread over the nodes vote at once;
 * the poll is closed on the last node. Checks every voter got its own confirmation, once.
 */
export async function runConflationScenario(nodes: Pollwire[], voters: number): Promise<ConflationOutcome> {
  const first = nodes[0]!;
  const last = nodes.at(-1)!;
  const { sessionId } = await first.service.createSession({ title: 'Conflation' });
  await last.service.startSession(sessionId);
  const poll = await first.service.createPoll(sessionId, {
    question: 'Pick',
    pollType: 'multiple_choice',
    options: ['a', 'b', 'c', 'd'],
  });
  if (poll.pollType !== 'multiple_choice') throw new Error('unexpected poll type');
  await last.service.activatePoll(sessionId, poll.pollId);
  const watcher = recordingSocket();
  await first.hub.connect(watcher, { sessionId, role: 'presenter' }, { start: 'none' }).ready;
  const people = await Promise.all(Array.from({ length: voters }, () => first.service.joinSession(sessionId, {})));
  const sockets = await Promise.all(
    people.map(async (person, i) => {
      const socket = recordingSocket();
      const identity = { sessionId, role: 'participant' as const, participantId: person.participantId };
      const connection = nodes[i % nodes.length]!.hub.connect(socket, identity, { start: 'none' });
      await connection.ready;
      return { socket, connection, participantId: person.participantId };
    }),
  );
  await Promise.all(
    sockets.map(async ({ socket, connection, participantId }, i) => {
      const requestId = `vote-${i}`;
      connection.receive(choiceVoteFrame(poll.pollId, participantId, poll.options[i % 4]!.optionId, requestId));
      const answers = await answersTo(socket, requestId);
      expect(answers).toHaveLength(1);
      expect(answers[0]).toMatchObject({ event: 'vote:accepted', payload: { participantId } });
    }),
  );
  const closed = await last.service.closePoll(sessionId, poll.pollId);
  const deadline = Date.now() + 10_000;
  while (!watcher.messages.some((m) => m.event === 'poll:closed')) {
    if (Date.now() > deadline) throw new Error('poll:closed never reached the watcher');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const room = watcher.messages.filter((m): m is RoomMessage => m.seq !== undefined);
  const results = room.filter((m) => m.event === 'vote:accepted');
  const closedAt = room.findIndex((m) => m.event === 'poll:closed');
  return {
    counts: results.map((m) => (m.payload as { currentVoteCount: number }).currentVoteCount),
    at: results.map((m) => Date.parse(m.timestamp)),
    finalVoteCount: closed.finalVoteCount,
    closedAfterResults: room[closedAt - 1]?.event === 'vote:accepted',
  };
}
