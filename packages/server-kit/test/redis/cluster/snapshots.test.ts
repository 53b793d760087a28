import {
  initialPollwireState,
  type PollwireState,
  reducePollwireState,
  type RoomMessage,
  roomAudience,
  type ServerMessage,
} from '@pollwire/contracts';
import { redisTestPrefix, requireRedis } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersTo, choiceVoteFrame, recordingSocket } from '../../support/recording-socket.js';
import type { ConnectionIdentity } from '../../../src/index.js';
import { type RedisNode, startRedisNode, stopRedisNodes } from '../../support/redis-nodes.js';

const redisAvailable = await requireRedis();

/** The state a socket's messages build: the snapshot (or history) and the room events after it, in seq order. */
function stateOf(messages: readonly ServerMessage[]): {
  state: PollwireState;
  seqs: number[];
  events: RoomMessage[];
  snapshotSeq: number;
} {
  let state = initialPollwireState;
  let snapshotSeq = 0;
  const seqs: number[] = [];
  const events: RoomMessage[] = [];
  for (const message of messages) {
    if (message.event === 'session:synchronized') snapshotSeq = message.payload.seq;
    else if (message.seq !== undefined) {
      seqs.push(message.seq);
      events.push(message);
    } else if (message.event === 'vote:accepted') continue;
    state = reducePollwireState(state, message);
  }
  return { state, seqs, events, snapshotSeq };
}

const roomState = ({ myVotes: _mine, ...rest }: PollwireState) => rest;

describe.skipIf(!redisAvailable)('state snapshots on a two-node Redis cluster', () => {
  const prefix = redisTestPrefix('snapshots');
  let nodes: RedisNode[] = [];
  beforeAll(async () => {
    // A short log (trimmed past 40 events) and frequent checkpoints.
    const options = {
      backends: { maxEventsPerSession: 40 },
      pollwire: { checkpointEvery: 8, participantCountIntervalMs: 20 },
    };
    nodes = [await startRedisNode(prefix, options), await startRedisNode(prefix, options)];
  });
  afterAll(() => stopRedisNodes(nodes, prefix));

  it('serves exact snapshots from either node while votes flow through both, the log trimmed behind them', async () => {
    const [a, b] = nodes as [RedisNode, RedisNode];
    const session = await a.pollwire.service.createSession({ title: 'Snapshots' });
    const { sessionId } = session;
    // Never cut, from the session's first event: the truth every joiner must end in.
    const witness = recordingSocket();
    await a.pollwire.hub.connect(witness, { sessionId, role: 'presenter' }, { start: 'history' }).ready;
    await b.pollwire.service.startSession(sessionId);
    const polls = [];
    for (let k = 0; k < 3; k++) {
      const poll = await (k % 2 ? a : b).pollwire.service.createPoll(sessionId, {
        question: `Q${k}`,
        pollType: 'multiple_choice',
        options: ['x', 'y', 'z'],
      });
      if (poll.pollType !== 'multiple_choice') throw new Error('unexpected poll type');
      polls.push(poll);
    }

    const people = await Promise.all(
      Array.from({ length: 16 }, (_, i) => a.pollwire.service.joinSession(sessionId, { displayName: `P${i}` })),
    );
    const voters = await Promise.all(
      people.map(async (person, i) => {
        const socket = recordingSocket();
        const identity: ConnectionIdentity = { sessionId, role: 'participant', participantId: person.participantId };
        const connection = nodes[i % 2]!.pollwire.hub.connect(socket, identity);
        await connection.ready;
        return { person, socket, connection };
      }),
    );

    // Joiners connect to either node, presenters and participants, while the votes of every poll go through both.
    const joiners: { socket: ReturnType<typeof recordingSocket>; participantId?: string }[] = [];
    const joining: Promise<void>[] = [];
    const join = (node: RedisNode, participantId?: string) => {
      const socket = recordingSocket();
      const identity: ConnectionIdentity =
        participantId === undefined
          ? { sessionId, role: 'presenter' }
          : { sessionId, role: 'participant', participantId };
      joiners.push({ socket, ...(participantId === undefined ? {} : { participantId }) });
      joining.push(node.pollwire.hub.connect(socket, identity).ready);
    };
    for (const [k, poll] of polls.entries()) {
      await (k % 2 ? b : a).pollwire.service.activatePoll(sessionId, poll.pollId);
      await Promise.all(
        voters.map(async ({ person, socket, connection }, i) => {
          const requestId = `${poll.pollId}-${i}`;
          const optionId = poll.options[i % 3]!.optionId;
          connection.receive(choiceVoteFrame(poll.pollId, person.participantId, optionId, requestId));
          await answersTo(socket, requestId);
          // Once this vote was answered, while the others are still being counted.
          if (i % 4 === 0) join(nodes[(i + k) % 2]!);
          if (i % 8 === 1) join(nodes[(i + k + 1) % 2]!, voters[i]!.person.participantId);
        }),
      );
    }
    await a.pollwire.service.closePoll(sessionId, polls[2]!.pollId);
    await Promise.all(joining);

    // The log settles once the last participant count went out (at most one interval after the last join).
    let head = await a.pollwire.hub.log.head(sessionId);
    const deadline = Date.now() + 10_000;
    const held = (messages: ServerMessage[]) => Math.max(stateOf(messages).snapshotSeq, ...stateOf(messages).seqs);
    const due = (participant: boolean) =>
      Math.max(
        0,
        ...stateOf(witness.messages)
          .events.filter((m) => m.seq <= head.lastSeq && (!participant || roomAudience(m.event) === 'everyone'))
          .map((m) => m.seq),
      );
    for (let settled = false; !settled; ) {
      while (
        held(witness.messages) < head.lastSeq ||
        joiners.some((j) => held(j.socket.messages) < due(j.participantId !== undefined))
      ) {
        if (Date.now() > deadline) throw new Error('sockets did not reach the head');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await new Promise((resolve) => setTimeout(resolve, 60));
      const now = await a.pollwire.hub.log.head(sessionId);
      settled = now.lastSeq === head.lastSeq;
      head = now;
    }
    expect(head.firstSeq).toBeGreaterThan(1); // the log was trimmed: snapshots came from checkpoints and the stream

    const truth = stateOf(witness.messages);
    expect(truth.seqs).toEqual(Array.from({ length: head.lastSeq }, (_, i) => i + 1));
    expect(Object.values(truth.state.polls).map((p) => p.results.currentVoteCount)).toEqual([16, 16, 16]);
    const servedBy = new Set<number>();
    for (const { socket, participantId } of joiners) {
      const { state, seqs, snapshotSeq } = stateOf(socket.messages);
      expect(socket.messages[1]?.event).toBe('session:synchronized');
      // snapshot(S), then exactly the events after S due to it, once each and in order: the fold of the whole log.
      const due = truth.events.filter(
        (m) => m.seq > snapshotSeq && (participantId === undefined || roomAudience(m.event) === 'everyone'),
      );
      expect(seqs).toEqual(due.map((m) => m.seq));
      expect(roomState(state)).toEqual(roomState(truth.state));
      servedBy.add(snapshotSeq);
      const snapshot = socket.messages[1]!;
      if (snapshot.event !== 'session:synchronized') throw new Error('unreachable');
      if (participantId === undefined) expect(snapshot.payload.attendance).toBeDefined();
      else {
        expect(snapshot.payload.attendance).toBeUndefined();
        // Their own votes up to the snapshot, and only theirs (a vote per active poll so far at most).
        for (const mine of snapshot.payload.myVotes ?? []) {
          const confirmed = voters
            .find((v) => v.person.participantId === participantId)!
            .socket.messages.find(
              (m) => m.event === 'vote:accepted' && m.seq === undefined && m.payload.voteId === mine.voteId,
            );
          expect(confirmed).toBeDefined();
        }
      }
    }
    // Joiners came at many points of the log, not all at one head.
    expect(servedBy.size).toBeGreaterThan(3);
  }, 60_000);
});
