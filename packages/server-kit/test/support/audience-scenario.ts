import { initialPollwireState, type PollwireState, reducePollwireState, type ServerMessage } from '@pollwire/contracts';
import { expect } from 'vitest';
import type { Pollwire } from '../../src/index.js';
import { answersTo, choiceVoteFrame, recordingSocket } from './recording-socket.js';

/** What a room of `participants` cost its participants, and whether everyone ended in the same state. */
export interface AudienceOutcome {
  /** Frames each participant socket was sent, whole scenario (batches count as one frame). */
  framesPerParticipant: number[];
  /** The most `participant:counted` any participant received, and over how long (first join to the end). */
  maxCountFrames: number;
  elapsedMs: number;
  finalVoteCount: number;
}

const roomState = ({ myVotes: _mine, ...rest }: PollwireState) => rest;
const fold = (messages: readonly ServerMessage[]) =>
  messages
    .filter((m) => m.seq !== undefined || m.event === 'session:synchronized')
    .reduce(reducePollwireState, initialPollwireState);

/**
 * A live poll on `nodes`: `participants` join (spread over the nodes), a 4-option poll opens, everyone votes once,
 * the poll closes. Checks exact counts and that every participant's and presenter's state equals the log's.
 */
export async function runAudienceScenario(nodes: Pollwire[], participants: number): Promise<AudienceOutcome> {
  const first = nodes[0]!;
  const last = nodes.at(-1)!;
  const { sessionId } = await first.service.createSession({ title: 'Audience' });
  await last.service.startSession(sessionId);
  const started = Date.now();
  const presenter = recordingSocket();
  await first.hub.connect(presenter, { sessionId, role: 'presenter' }, { start: 'history' }).ready;
  const people = await Promise.all(
    Array.from({ length: participants }, () => first.service.joinSession(sessionId, {})),
  );
  const sockets = await Promise.all(
    people.map(async (person, i) => {
      let frames = 0;
      const socket = recordingSocket();
      const send = socket.send.bind(socket);
      socket.send = (data: string) => {
        frames++;
        send(data);
      };
      const identity = { sessionId, role: 'participant' as const, participantId: person.participantId };
      const connection = nodes[i % nodes.length]!.hub.connect(socket, identity);
      await connection.ready;
      return { socket, connection, participantId: person.participantId, frames: () => frames };
    }),
  );
  const poll = await first.service.createPoll(sessionId, {
    question: 'Pick',
    pollType: 'multiple_choice',
    options: ['a', 'b', 'c', 'd'],
  });
  if (poll.pollType !== 'multiple_choice') throw new Error('unexpected poll type');
  await last.service.activatePoll(sessionId, poll.pollId);
  await Promise.all(
    sockets.map(async ({ socket, connection, participantId }, i) => {
      const requestId = `vote-${i}`;
      connection.receive(choiceVoteFrame(poll.pollId, participantId, poll.options[i % 4]!.optionId, requestId));
      expect(await answersTo(socket, requestId, 60_000)).toMatchObject([{ event: 'vote:accepted' }]);
    }),
  );
  const closed = await last.service.closePoll(sessionId, poll.pollId);
  // Settled: the log stops growing once the last participant count went out.
  let head = await first.hub.log.head(sessionId);
  for (let settled = false; !settled; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await first.hub.log.head(sessionId);
    settled = now.lastSeq === head.lastSeq;
    head = now;
  }
  const deadline = Date.now() + 30_000;
  const truth = () => roomState(fold(presenter.messages));
  while (
    presenter.messages.filter((m) => m.seq !== undefined).at(-1)?.seq !== head.lastSeq ||
    sockets.some(({ socket }) => JSON.stringify(roomState(fold(socket.messages))) !== JSON.stringify(truth()))
  ) {
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const expected = truth();
  expect(expected.polls[poll.pollId]?.results.currentVoteCount).toBe(participants);
  for (const { socket } of sockets) expect(roomState(fold(socket.messages))).toEqual(expected);
  return {
    framesPerParticipant: sockets.map((s) => s.frames()),
    maxCountFrames: Math.max(
      ...sockets.map(({ socket }) => socket.messages.filter((m) => m.event === 'participant:counted').length),
    ),
    elapsedMs: Date.now() - started,
    finalVoteCount: closed.finalVoteCount,
  };
}
