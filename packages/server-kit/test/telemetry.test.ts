import { CLOSE_CODES, type ServerMessage } from '@pollwire/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPollwire, type Pollwire, type PollwireLogger } from '../src/index.js';
import type { ConnectionIdentity } from '../src/hub/socket.js';
import { choiceVoteFrame } from './support/recording-socket.js';
import { createTestMeter } from './support/test-meter.js';

/** A hub socket that keeps what it was sent and how it was closed. */
const socket = () => {
  const frames: string[] = [];
  const closes: number[] = [];
  return {
    frames,
    closes,
    bufferedAmount: 0,
    send: (data: string) => void frames.push(data),
    close: (code: number) => void closes.push(code),
    messages: (): ServerMessage[] =>
      frames.flatMap((frame) => {
        const parsed = JSON.parse(frame) as ServerMessage | { events: ServerMessage[] };
        return 'events' in parsed ? parsed.events : [parsed];
      }),
  };
};

let meter = createTestMeter();
let entries: { level: string; entry: Record<string, unknown> }[] = [];
beforeEach(() => {
  meter = createTestMeter();
  entries = [];
});
const logger: PollwireLogger = {
  info: (entry) => void entries.push({ level: 'info', entry: entry as Record<string, unknown> }),
  warn: (entry) => void entries.push({ level: 'warn', entry: entry as Record<string, unknown> }),
  error: (entry) => void entries.push({ level: 'error', entry: entry as Record<string, unknown> }),
};

let pollwire: Pollwire | undefined;
afterEach(async () => {
  await pollwire?.close();
  await meter.shutdown();
});

/** A session with a presenter and `count` participants connected, and an active 2-option poll. */
async function liveSession(count: number) {
  pollwire = createPollwire({ meterProvider: meter.meterProvider, logger, resultsIntervalMs: 0 });
  const { hub, service } = pollwire;
  const session = await service.createSession({ title: 'Metrics' });
  await service.startSession(session.sessionId);
  const presenterSocket = socket();
  await hub.connect(presenterSocket, { sessionId: session.sessionId, role: 'presenter' }).ready;
  const participants = [];
  for (let i = 0; i < count; i++) {
    const record = await service.joinSession(session.sessionId, { displayName: `Secret Name ${i}` });
    const identity: ConnectionIdentity = {
      sessionId: session.sessionId,
      role: 'participant',
      participantId: record.participantId,
    };
    const s = socket();
    const conn = hub.connect(s, identity);
    await conn.ready;
    participants.push({ record, socket: s, conn, identity });
  }
  const poll = await service.createPoll(session.sessionId, {
    question: 'Q?',
    pollType: 'multiple_choice',
    options: ['A', 'B'],
  });
  await service.activatePoll(session.sessionId, poll.pollId);
  return { hub, service, session, poll, presenterSocket, participants };
}

describe('server-kit metrics through an OpenTelemetry SDK', () => {
  it('counts connections by role, live deliveries per socket and votes by outcome', async () => {
    const { hub, session, poll, presenterSocket, participants } = await liveSession(3);
    const optionId = poll.options?.[0]?.optionId ?? '';
    const [first, second, third] = participants;
    first!.conn.receive(choiceVoteFrame(poll.pollId, first!.record.participantId, optionId, 'r-1'));
    second!.conn.receive(choiceVoteFrame(poll.pollId, second!.record.participantId, optionId, 'r-2'));
    await Promise.all([first!.conn.ready, second!.conn.ready]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The same request again (a retry): confirmed again, counted once; a new request: a duplicate.
    first!.conn.receive(choiceVoteFrame(poll.pollId, first!.record.participantId, optionId, 'r-1'));
    first!.conn.receive(choiceVoteFrame(poll.pollId, first!.record.participantId, optionId, 'r-3'));
    // Voting as someone else.
    third!.conn.receive(choiceVoteFrame(poll.pollId, first!.record.participantId, optionId, 'r-4'));
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(await meter.value('pollwire.server.connections', { 'pollwire.connection.role': 'presenter' })).toBe(1);
    expect(await meter.value('pollwire.server.connections', { 'pollwire.connection.role': 'participant' })).toBe(3);
    expect(await meter.value('pollwire.server.active_connections')).toBe(4);
    expect(await meter.value('pollwire.server.active_rooms')).toBe(1);
    expect(await meter.value('pollwire.votes', { 'pollwire.vote.outcome': 'accepted' })).toBe(2);
    expect(await meter.value('pollwire.votes', { 'pollwire.vote.outcome': 'repeated' })).toBe(1);
    expect(await meter.value('pollwire.votes', { 'pollwire.vote.rejection_reason': 'duplicate_vote' })).toBe(1);
    expect(await meter.value('pollwire.votes', { 'pollwire.vote.rejection_reason': 'forbidden' })).toBe(1);

    // Every live room event each socket was sent is one delivery of its role.
    const liveRoomEvents = (s: ReturnType<typeof socket>) =>
      s.messages().filter((m) => 'seq' in m && m.seq !== undefined).length;
    expect(await meter.value('pollwire.server.deliveries', { 'pollwire.connection.role': 'presenter' })).toBe(
      liveRoomEvents(presenterSocket),
    );
    expect(await meter.value('pollwire.server.deliveries', { 'pollwire.connection.role': 'participant' })).toBe(
      participants.reduce((total, p) => total + liveRoomEvents(p.socket), 0),
    );
    // One fan-out duration and one room size sample per room event fanned out here; one append timed per event.
    const points = await meter.collect();
    const fanOuts = points.find((p) => p.name === 'pollwire.broadcast.duration');
    const sizes = points.find((p) => p.name === 'pollwire.room.size');
    expect(fanOuts?.value).toBeGreaterThan(0);
    expect(sizes?.value).toBe(fanOuts?.value);
    expect(fanOuts?.value).toBe(presenterSocket.messages().filter((m) => 'seq' in m && m.seq !== undefined).length);
    expect(
      await meter.value('pollwire.log.operation.duration', {
        'pollwire.log.operation': 'append',
        'pollwire.log.store': 'memory',
      }),
    ).toBe((await hub.log.head(session.sessionId)).lastSeq);
  });

  it('records replays, snapshots and resyncs by reason, and logs each resync without personal data', async () => {
    const { hub, service, session, participants } = await liveSession(2);
    const [first, second] = participants;
    const cursor = first!.socket.messages().findLast((m) => 'seq' in m && m.seq !== undefined)?.eventId;
    first!.conn.closed();
    second!.conn.closed();
    // Missed while away: the resume replays it.
    await service.createPoll(session.sessionId, { question: 'Missed?', pollType: 'rating_scale' });
    const snapshotsBefore = await meter.value('pollwire.snapshot.size');
    await hub.connect(socket(), first!.identity, { lastEventId: cursor }).ready;
    await hub.connect(socket(), second!.identity, { lastEventId: 'not-a-cursor' }).ready;

    expect(await meter.value('pollwire.replay.size')).toBe(1);
    const replay = (await meter.collect()).find((p) => p.name === 'pollwire.replay.size');
    expect(replay?.sum).toBeGreaterThanOrEqual(1);
    expect(await meter.value('pollwire.server.resyncs', { 'pollwire.resync.reason': 'cursor_invalid' })).toBe(1);
    expect(await meter.value('pollwire.snapshot.size')).toBe(snapshotsBefore + 1);
    const resyncs = entries.filter((e) => e.entry.event === 'pollwire.resync');
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]?.entry).toMatchObject({ reason: 'cursor_invalid', role: 'participant', snapshot: true });
    const logged = JSON.stringify(entries.map((e) => e.entry));
    for (const p of participants) {
      expect(logged).not.toContain(p.record.participantId);
      expect(logged).not.toContain(p.record.displayName ?? 'Secret Name');
    }
  });

  it('counts closes by reason: the peer leaving, a slow consumer (logged), a drain', async () => {
    const { hub, participants } = await liveSession(3);
    const [first, second] = participants;
    first!.conn.closed();
    second!.socket.bufferedAmount = 10 * 1024 * 1024;
    await pollwire!.service.createPoll(participants[0]!.identity.sessionId, {
      question: 'Next?',
      pollType: 'rating_scale',
    });
    await hub.drain();

    const closes = (reason: string) =>
      meter.value('pollwire.server.connection.closes', { 'pollwire.close.reason': reason });
    expect(await closes('peer')).toBe(1);
    expect(await closes('slow_consumer')).toBe(1);
    expect(await closes('service_restart')).toBe(2);
    expect(await meter.value('pollwire.server.active_connections')).toBe(0);
    expect(await meter.value('pollwire.server.active_rooms')).toBe(0);
    expect(participants[2]!.socket.closes).toEqual([CLOSE_CODES.serviceRestart]);
    expect(entries.find((e) => e.entry.event === 'pollwire.connection_closed')?.entry).toMatchObject({
      reason: 'slow_consumer',
      code: CLOSE_CODES.slowConsumer,
      role: 'participant',
    });
  });

  it('uses only attributes from closed sets: never an id, a token or a name', async () => {
    const { session, participants, poll } = await liveSession(2);
    const points = await meter.collect();
    const allowed = new Set([
      'pollwire.connection.role',
      'pollwire.close.reason',
      'pollwire.refusal.reason',
      'http.response.status_code',
      'pollwire.log.operation',
      'pollwire.log.store',
      'pollwire.resync.reason',
      'pollwire.vote.outcome',
      'pollwire.vote.rejection_reason',
      'error.type',
    ]);
    const values = JSON.stringify(points.map((p) => p.attributes));
    for (const point of points) for (const key of Object.keys(point.attributes)) expect(allowed).toContain(key);
    for (const id of [session.sessionId, poll.pollId, ...participants.map((p) => p.record.participantId)]) {
      expect(values).not.toContain(id);
    }
  });
});
