import {
  initialPollwireState,
  type PollwireState,
  parseServerFrame,
  reducePollwireState,
  type ServerMessage,
} from '@pollwire/contracts';
import { describe, expect, it } from 'vitest';
import { answersTo, choiceVoteFrame, recordingSocket } from '../../test/support/recording-socket.js';
import { createMemoryReplayLog, type MemoryReplayLog } from '../log/memory-log.js';
import type { ReplayLog } from '../log/types.js';
import { createPollwire } from '../pollwire.js';
import type { CheckpointStore } from '../projection/checkpoint.js';
import type { Timers } from '../util/clock.js';
import { createRoomRegistry } from './rooms.js';
import { createSnapshots } from './snapshots.js';
import type { ConnectionIdentity } from './socket.js';

const fold = (messages: readonly ServerMessage[], from: PollwireState = initialPollwireState) =>
  messages.filter((m) => m.seq !== undefined || m.event === 'session:synchronized').reduce(reducePollwireState, from);

/** The state of the session's whole log, folded from seq 1 (the log must still hold it). */
const logState = async (log: ReplayLog, sessionId: string) => {
  const history = await log.history(sessionId);
  expect(history.complete).toBe(true);
  return fold(history.frames.flatMap((frame) => parseServerFrame(frame).flatMap((r) => (r.ok ? [r.message] : []))));
};

/** Interval timers run by hand, by period. */
const manualTimers = () => {
  const ticks = new Map<number, () => void>();
  const timers: Timers = {
    setInterval: (callback, ms) => {
      ticks.set(ms, callback);
      return {};
    },
    clearInterval: () => {},
  };
  return { timers, tick: (ms: number) => ticks.get(ms)?.() };
};

/** A session with one active multiple-choice poll on a fresh in-memory Pollwire. */
async function livePoll(options: Parameters<typeof createPollwire>[0] = {}) {
  const pollwire = createPollwire({ heartbeatIntervalMs: 600_000, ...options });
  const { service } = pollwire;
  const { sessionId } = await service.createSession({ title: 'Snapshots' });
  await service.startSession(sessionId);
  const poll = await service.createPoll(sessionId, {
    question: 'Pick',
    pollType: 'multiple_choice',
    options: ['a', 'b'],
  });
  if (poll.pollType !== 'multiple_choice') throw new Error('unexpected poll type');
  await service.activatePoll(sessionId, poll.pollId);
  const vote = async (participantId: string, requestId: string) => {
    const socket = recordingSocket();
    const identity: ConnectionIdentity = { sessionId, role: 'participant', participantId };
    const connection = pollwire.hub.connect(socket, identity);
    await connection.ready;
    connection.receive(choiceVoteFrame(poll.pollId, participantId, poll.options[0]!.optionId, requestId));
    await answersTo(socket, requestId);
    return { socket, connection };
  };
  return { pollwire, sessionId, poll, vote };
}

describe('state snapshots', () => {
  it('connect: established, the state at S, then every live event from S + 1, under concurrent appends', async () => {
    const memory = createMemoryReplayLog();
    // Reads that take a few ms, so that events are appended while each snapshot is taken.
    const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 2));
    const log: ReplayLog = {
      append: (s, e) => memory.append(s, e),
      read: (s, c) => later(memory.read(s, c)),
      history: (s) => later(memory.history(s)),
      head: (s) => memory.head(s),
    };
    const { pollwire, sessionId } = await livePoll({ log });
    const sockets: ReturnType<typeof recordingSocket>[] = [];
    const connecting: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      if (i % 4 === 0) {
        const socket = recordingSocket();
        sockets.push(socket);
        connecting.push(pollwire.hub.connect(socket, { sessionId, role: 'presenter' }).ready);
      }
      await pollwire.service.createPoll(sessionId, { question: `Q${i}`, pollType: 'open_text' });
      if (i % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(connecting);
    const truth = await logState(memory, sessionId);
    const { lastSeq } = memory.head(sessionId);
    const heads = new Set<number>();
    for (const socket of sockets) {
      expect(socket.messages[0]).toMatchObject({ event: 'connection:established', payload: { snapshot: true } });
      const snapshot = socket.messages[1]!;
      if (snapshot.event !== 'session:synchronized') throw new Error(`got ${snapshot.event}`);
      const { seq } = snapshot.payload;
      heads.add(seq);
      const live = socket.messages.slice(2).map((m) => m.seq);
      expect(live).toEqual(Array.from({ length: lastSeq - seq }, (_, i) => seq + 1 + i));
      expect(fold(socket.messages)).toEqual(truth);
    }
    expect(heads.size).toBeGreaterThan(3);
    await pollwire.close();
    memory.close();
  });

  it('resume: replays up to replayLimit missed events, and sends the state beyond, with reason replay_limit', async () => {
    const { pollwire, sessionId } = await livePoll({ replayLimit: 5 });
    const resumeAfter = async (missed: number) => {
      const { cursor } = await pollwire.hub.log.head(sessionId);
      for (let i = 0; i < missed; i++)
        await pollwire.service.createPoll(sessionId, { question: `Q${i}`, pollType: 'open_text' });
      const socket = recordingSocket();
      await pollwire.hub.connect(socket, { sessionId, role: 'presenter' }, { lastEventId: cursor }).ready;
      return socket.messages;
    };
    const replayed = await resumeAfter(5);
    expect(replayed[0]).toMatchObject({
      event: 'connection:reconnected',
      payload: { recovered: true, replayCount: 5 },
    });
    expect(replayed.slice(1).every((m) => m.event === 'poll:created')).toBe(true);
    const synced = await resumeAfter(6);
    expect(synced[0]).toMatchObject({
      event: 'connection:reconnected',
      payload: { recovered: false, resyncReason: 'replay_limit', snapshot: true, replayCount: 0 },
    });
    expect(synced[1]).toMatchObject({ event: 'session:synchronized' });
    expect(synced).toHaveLength(2);
    expect(fold(synced)).toEqual(await logState(pollwire.hub.log, sessionId));
    await pollwire.close();
  });

  it("a storm of connects at one head builds the state once per role; presenters' carries attendance", async () => {
    const log = createMemoryReplayLog();
    const { pollwire, sessionId } = await livePoll({ log });
    await pollwire.close();
    const saved: string[] = [];
    const checkpoints: CheckpointStore = { load: () => undefined, save: (_id, c) => saved.push(c.cursor!) > 0 };
    const snapshots = createSnapshots({
      log,
      checkpoints,
      checkpointEvery: 1000,
      checkpointIntervalMs: 60_000,
      timers: manualTimers().timers,
      onError: (error) => {
        throw error;
      },
    });
    const rooms = createRoomRegistry({ log, deliver: snapshots.delivered, onError: () => {} });
    const room = rooms.open(sessionId);
    const heads = await Promise.all(Array.from({ length: 1000 }, () => snapshots.head(room, 'participant')));
    expect(new Set(heads).size).toBe(1);
    expect(heads[0]!.seq).toBe(log.head(sessionId).lastSeq);
    const presenter = await snapshots.head(room, 'presenter');
    expect(presenter).not.toBe(heads[0]);
    expect(JSON.parse(presenter!.payload)).toHaveProperty('attendance');
    expect(JSON.parse(heads[0]!.payload)).not.toHaveProperty('attendance');
    await snapshots.close();
    log.close();
  });

  it("a participant's state carries their own votes, not anyone else's", async () => {
    const { pollwire, sessionId, poll, vote } = await livePoll();
    const ann = await pollwire.service.joinSession(sessionId, { displayName: 'Ann' });
    const bo = await pollwire.service.joinSession(sessionId, { displayName: 'Bo' });
    const { socket } = await vote(ann.participantId, 'ann-1');
    await vote(bo.participantId, 'bo-1');
    const annVote = socket.messages.find((m) => m.event === 'vote:accepted' && m.seq === undefined)!;
    const again = recordingSocket();
    await pollwire.hub.connect(again, { sessionId, role: 'participant', participantId: ann.participantId }).ready;
    const state = again.messages[1]!;
    if (state.event !== 'session:synchronized') throw new Error(`got ${state.event}`);
    expect(state.payload.myVotes).toEqual([
      { pollId: poll.pollId, voteId: (annVote.payload as { voteId: string }).voteId, submittedAt: expect.any(String) },
    ]);
    expect(JSON.stringify(state.payload)).not.toContain(bo.participantId);
    expect(state.payload.polls[0]!.results.currentVoteCount).toBe(2);
    await pollwire.close();
  });

  it('a session with no connections is checkpointed, so its state outlives the log trimming its start', async () => {
    const manual = manualTimers();
    const log = createMemoryReplayLog({ maxEventsPerSession: 20 });
    const { pollwire, sessionId } = await livePoll({
      log,
      timers: manual.timers,
      checkpointEvery: 1000,
      checkpointIntervalMs: 5_000,
    });
    const frames: ServerMessage[] = [];
    const record = (logged: { frame: string }) =>
      frames.push(...parseServerFrame(logged.frame).flatMap((r) => (r.ok ? [r.message] : [])));
    for (const frame of (await log.history(sessionId)).frames) record({ frame });
    const add = async (count: number) => {
      for (let i = 0; i < count; i++) {
        record(
          await pollwire.hub.broadcast(sessionId, 'poll:closed', {
            pollId: '00000000-0000-4000-8000-000000000001',
            sessionId,
            closedAt: '2026-01-03T10:00:00.000Z',
            finalVoteCount: i,
          }),
        );
      }
    };
    await add(10);
    manual.tick(5_000); // the sweep checkpoints the session appended to with no room here
    await new Promise((resolve) => setTimeout(resolve, 10));
    await add(15);
    expect(log.head(sessionId).firstSeq).toBeGreaterThan(1);
    const socket = recordingSocket();
    await pollwire.hub.connect(socket, { sessionId, role: 'presenter' }).ready;
    expect(socket.messages[1]).toMatchObject({ event: 'session:synchronized', payload: { seq: frames.length } });
    expect(fold(socket.messages)).toEqual(fold(frames));
    await pollwire.close();
    log.close();
  });

  it('without a checkpoint that reaches the trimmed log, falls back to the history flagged incomplete', async () => {
    const log: MemoryReplayLog = createMemoryReplayLog({ maxEventsPerSession: 5 });
    const forgetful: CheckpointStore = { load: () => undefined, save: () => false };
    const { pollwire, sessionId } = await livePoll({ log, checkpoints: forgetful });
    for (let i = 0; i < 6; i++)
      await pollwire.service.createPoll(sessionId, { question: `Q${i}`, pollType: 'open_text' });
    const socket = recordingSocket();
    await pollwire.hub.connect(socket, { sessionId, role: 'presenter' }).ready;
    expect(socket.messages[0]).toMatchObject({
      event: 'connection:established',
      payload: { historyComplete: false, historyCount: 5 },
    });
    expect(socket.messages.some((m) => m.event === 'session:synchronized')).toBe(false);
    await pollwire.close();
    log.close();
  });
});
