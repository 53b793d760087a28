import { randomBytes } from 'node:crypto';
import type { RoomMessage, ServerMessage, UnicastMessage } from '@pollwire/contracts';
import { type FrameRecorder, openRecorder } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, type PollInput, request } from '../support/api.js';
import { type AuditedSocket, auditIdentities, type Identity, NO_LEAKS } from '../support/identity-audit.js';
import { type ClusterNode, type RedisCluster, redisAvailable, startRedisCluster } from '../support/redis-cluster.js';
import { reportFigures } from '../support/report.js';

const PEOPLE = 8;
/** Participants 0..TWO_TABS-1 also hold a socket on the other node, and vote through both. */
const TWO_TABS = 4;
/** Before the votes of poll `p`, these participants drop their newest socket; they resume it on the other node. */
const DROPS: Readonly<Record<number, readonly number[]>> = { 1: [4, 5], 3: [0, 4, 7], 5: [1, 6] };
/** Before the votes of this poll, the presenter's node-B socket drops and resumes on node A. */
const PRESENTER_DROP = 2;
const INPUTS: PollInput[] = [
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

/** One captured socket: whose it is (`undefined`: presenter), its node, how it started, the votes sent through it. */
interface Capture {
  owner: string | undefined;
  node: number;
  kind: 'live' | 'resumed' | 'history' | 'state';
  recorder: FrameRecorder;
  sent: Set<string>;
}

const lastRoomEvent = (recorder: FrameRecorder) => recorder.messages.filter((m) => m.seq !== undefined).at(-1)!;

/** How many room events follow a connect frame from the log: `historyCount` or `replayCount` (else 0). */
function logCount(message: ServerMessage): number {
  if (message.event === 'connection:established') return message.payload.historyCount ?? 0;
  if (message.event === 'connection:reconnected') return message.payload.replayCount;
  return 0;
}

/** The room events a socket got from the log: the history after `established`, or the replay after `reconnected`. */
function fromLog(messages: readonly ServerMessage[]): ServerMessage[] {
  const start = messages.findIndex((m) => m.event === 'connection:established' || m.event === 'connection:reconnected');
  if (start < 0) return [];
  return messages
    .slice(start + 1)
    .filter((m) => m.seq !== undefined)
    .slice(0, logCount(messages[start]!));
}

describe('identity audit', () => {
  const ann: Identity = { participantId: '11111111-1111-4111-8111-111111111111', displayName: 'AnnXq7' };
  const bo: Identity = { participantId: '22222222-2222-4222-8222-222222222222', displayName: 'BoZk9' };
  const envelope = (event: string, payload: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ({ event, eventId: 'e', sessionId: 's', timestamp: 't', payload, ...extra }) as unknown as ServerMessage;
  const socket = (owner: string | undefined, messages: ServerMessage[], sent: string[] = []): AuditedSocket => ({
    owner,
    messages,
    sentRequestIds: new Set(sent),
  });

  it('finds every kind of planted leak, and none in clean traffic', () => {
    const clean = [
      socket(undefined, [
        envelope('vote:accepted', { pollId: 'p', currentVoteCount: 1 }, { seq: 1 }),
        envelope('participant:joined', { ...ann, sessionId: 's', joinedAt: 't', participantCount: 1 }, { seq: 2 }),
        envelope('session:synchronized', { seq: 2, polls: [], attendance: [{ ...ann, joinedAt: 't' }] }),
      ]),
      socket(
        ann.participantId,
        [
          envelope('vote:accepted', { participantId: ann.participantId }, { requestId: 'r1' }),
          envelope('session:synchronized', { seq: 2, polls: [], myVotes: [{ pollId: 'p', voteId: 'v' }] }),
        ],
        ['r1'],
      ),
    ];
    expect(auditIdentities(clean, [ann, bo]).leaks).toEqual(NO_LEAKS);

    const planted = [
      socket(undefined, [
        envelope('vote:accepted', { pollId: 'p', participantId: ann.participantId }, { seq: 1 }),
        envelope('poll:closed', { note: `closed by ${bo.displayName}` }, { seq: 2 }),
        envelope('participant:joined', { ...ann, displayName: bo.displayName, participantCount: 2 }, { seq: 3 }),
        envelope('participant:disconnected', { participantId: bo.participantId, vote: 'A' }, { seq: 4 }),
        envelope('vote:accepted', { pollId: 'p' }, { seq: 5, requestId: 'r1' }),
        envelope('error:general', { message: `bad vote from ${ann.participantId}` }),
      ]),
      socket(bo.participantId, [
        envelope('vote:accepted', { participantId: ann.participantId }, { requestId: 'r1' }),
        envelope('session:synchronized', { seq: 2, polls: [], attendance: [{ ...ann, joinedAt: 't' }] }),
      ]),
      socket(ann.participantId, [], ['r1']),
    ];
    const { leaks } = auditIdentities(planted, [ann, bo]);
    for (const kind of Object.keys(NO_LEAKS) as (keyof typeof NO_LEAKS)[]) expect(leaks[kind], kind).toBeGreaterThan(0);
  });
});

describe.skipIf(!redisAvailable)('anonymity of room broadcasts on a two-node Redis cluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ name: 'anonymity' });
  });
  afterAll(async () => {
    expect(await cluster.close()).toBeGreaterThan(0);
  });

  it(`captures every frame to every socket on both nodes (live, cross-node resume, history) through anonymous and named polls: 0 identities in room broadcasts, vote answers only to their submitter`, async () => {
    const nodes = cluster.nodes as [ClusterNode, ClusterNode];
    const other = (node: number) => 1 - node;
    const session = await createTestSession(nodes[0].server.httpUrl, 'Anonymity cluster');
    const captures: Capture[] = [];
    const open = async (node: number, token: string, owner: string | undefined, kind: Capture['kind'], query = '') => {
      const recorder = await openRecorder(`${nodes[node]!.server.wsUrl}?token=${encodeURIComponent(token)}${query}`);
      const capture: Capture = { owner, node, kind, recorder, sent: new Set() };
      captures.push(capture);
      return capture;
    };

    const polls = [];
    for (const input of INPUTS) polls.push(await session.createPoll(input));
    await session.start();
    const presenters = [
      await open(0, session.presenterToken, undefined, 'live'),
      await open(1, session.presenterToken, undefined, 'live'),
    ];
    // Distinctive names, so that a substring match can only be a leak.
    const people = await Promise.all(
      Array.from({ length: PEOPLE }, async (_, i) => {
        const displayName = `Voter${i}x${randomBytes(6).toString('hex')}`;
        // Joined over HTTP on one node, connected to the other.
        const joined = await request<{ participantId: string; token: string }>(
          nodes[other(i % 2)]!.server.httpUrl,
          'POST',
          `/api/sessions/${session.slug}/join`,
          { body: { displayName } },
        );
        expect(joined.status).toBe(201);
        return { ...joined.body, displayName };
      }),
    );
    const tabs: Capture[][] = [];
    for (const [i, person] of people.entries()) {
      tabs[i] = [await open(i % 2, person.token, person.participantId, 'live')];
      if (i < TWO_TABS) tabs[i]!.push(await open(other(i % 2), person.token, person.participantId, 'live'));
    }

    let votes = 0;
    let retries = 0;
    let resumes = 0;
    const vote = (tab: Capture, payload: Record<string, unknown>, requestId = randomBytes(8).toString('hex')) => {
      tab.sent.add(requestId);
      const from = tab.recorder.messages.length;
      tab.recorder.send({ event: 'vote:submitted', requestId, payload });
      return tab.recorder.next((m) => m.requestId === requestId, from);
    };
    const drop = async (capture: Capture) => {
      const cursor = lastRoomEvent(capture.recorder);
      await capture.recorder.close();
      return { capture, cursor };
    };
    /** Resumes a dropped socket from its cursor on the OTHER node: what it missed comes from the Redis log. */
    const resume = async ({ capture, cursor }: Awaited<ReturnType<typeof drop>>, token: string) => {
      const query = `&lastEventId=${encodeURIComponent(cursor.eventId)}`;
      const resumed = await open(other(capture.node), token, capture.owner, 'resumed', query);
      const reconnected = await resumed.recorder.next((m) => m.event === 'connection:reconnected');
      if (reconnected.event !== 'connection:reconnected') throw new Error('unreachable');
      const { payload } = reconnected;
      expect(payload).toMatchObject({ replayFrom: cursor.eventId });
      expect(payload.recovered).not.toBe(false);
      expect(payload.replayCount).toBeGreaterThan(0);
      const head = Number((payload.cursor ?? '').split('-').at(-1));
      await resumed.recorder.next((m) => m.seq !== undefined && m.seq >= head);
      const replay = fromLog(resumed.recorder.messages) as RoomMessage[];
      // Each replayed event follows the one before it (a participant's skip presenters-only seqs, saying so in prev).
      let previous = cursor.seq!;
      for (const m of replay) {
        expect(m.prev ?? m.seq - 1).toBe(previous);
        previous = m.seq;
      }
      expect(replay).toHaveLength(payload.replayCount);
      resumes += 1;
      return resumed;
    };

    for (const [p, poll] of polls.entries()) {
      await session.activate(poll.pollId);
      const dropped = DROPS[p] ?? [];
      const gone = await Promise.all(dropped.map((i) => drop(tabs[i]!.pop()!)));
      const presenterGone = p === PRESENTER_DROP ? await drop(presenters[1]!) : undefined;
      const voteOf = async (i: number) => {
        const voteData =
          poll.pollType === 'multiple_choice'
            ? { selectedOptionIds: [poll.options![i % poll.options!.length]!.optionId] }
            : poll.pollType === 'rating_scale'
              ? { ratingValue: 1 + (i % 5) }
              : { textResponse: `answer ${i} to poll ${p}` };
        const payload = {
          pollId: poll.pollId,
          participantId: people[i]!.participantId,
          voteData,
          submittedAt: new Date().toISOString(),
        };
        // Two-tab participants alternate the node they vote through.
        const tab = tabs[i]![(p + i) % tabs[i]!.length]!;
        const requestId = randomBytes(8).toString('hex');
        expect((await vote(tab, payload, requestId)).event).toBe('vote:accepted');
        votes += 1;
        if (i === p) {
          // A retry of the same request and a second vote, through the other node when it has one: unicast answers.
          const far = tabs[i]!.find((t) => t.node !== tab.node) ?? tab;
          expect((await vote(far, payload, requestId)).event).toBe('vote:accepted');
          expect((await vote(far, payload)).event).toBe('vote:rejected');
          retries += 2;
        }
      };
      for (const i of people.keys()) if (!dropped.includes(i)) await voteOf(i);
      if (presenterGone) presenters[1] = await resume(presenterGone, session.presenterToken);
      for (const [k, i] of dropped.entries()) {
        tabs[i]!.push(await resume(gone[k]!, people[i]!.token));
        await voteOf(i);
      }
      await session.close(poll.pollId);
    }
    await session.end();

    // Late sockets on both nodes get the whole session as history; then every open socket must reach the head, once
    // the log has settled (a participant count held back by its interval may still be appended after the end).
    let head = await nodes[1].server.hub.log.head(session.sessionId);
    for (let settled = false; !settled; ) {
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const now = await nodes[1].server.hub.log.head(session.sessionId);
      settled = now.lastSeq === head.lastSeq;
      head = now;
    }
    const late = [
      await open(0, session.presenterToken, undefined, 'history', '&history=1'),
      await open(1, session.presenterToken, undefined, 'history', '&history=1'),
    ];
    // And late sockets that get the session's state, a presenter's and a participant's, from each node.
    const states = [
      await open(0, session.presenterToken, undefined, 'state'),
      await open(1, session.presenterToken, undefined, 'state'),
      await open(0, people[0]!.token, people[0]!.participantId, 'state'),
      await open(1, people[1]!.token, people[1]!.participantId, 'state'),
    ];
    const snapshots = await Promise.all(
      states.map(
        (c) =>
          c.recorder.next((m) => m.event === 'session:synchronized') as Promise<UnicastMessage<'session:synchronized'>>,
      ),
    );
    const live = captures.filter((c) => c.recorder.ws.readyState === c.recorder.ws.OPEN);
    const atHead = (m: ServerMessage) =>
      m.eventId === head.cursor || (m.event === 'session:synchronized' && m.payload.cursor === head.cursor);
    await Promise.all(live.map((c) => c.recorder.next(atHead)));
    await Promise.all(captures.map((c) => c.recorder.close()));

    let frames = 0;
    let replayed = 0;
    let resumeReplayed = 0;
    for (const { recorder, kind } of captures) {
      expect(recorder.invalid).toEqual([]);
      frames += recorder.frames.length;
      const logged = fromLog(recorder.messages).length;
      if (kind !== 'live') replayed += logged;
      if (kind === 'resumed') resumeReplayed += logged;
    }
    const audit = auditIdentities(
      captures.map(({ owner, recorder, sent }) => ({ owner, messages: recorder.messages, sentRequestIds: sent })),
      people,
    );
    reportFigures('anonymity-cluster:', {
      nodes: nodes.length,
      sockets: captures.length,
      roomFrames: audit.roomFrames,
      replayed,
      leaks: audit.total,
    });
    console.log(
      `[chaos] anonymity-cluster detail: polls=${polls.length} participants=${PEOPLE} frames=${frames} ` +
        `unicasts=${audit.unicasts} attendance=${audit.attendance} votes=${votes} retries=${retries} ` +
        `voteAnswers=${audit.confirmations} resumes=${resumes} resumeReplayed=${resumeReplayed} head=${head.lastSeq}`,
    );

    expect(audit.leaks).toEqual(NO_LEAKS);
    expect(audit.snapshots).toBeGreaterThanOrEqual(states.length);
    // Either node serves the same state at the head: presenters with attendance, participants with their own votes.
    const [p0, p1, v0, v1] = snapshots.map((m) => m.payload);
    expect(p0!.seq).toBe(head.lastSeq);
    expect(p1).toEqual(p0);
    expect(p0!.polls).toHaveLength(polls.length);
    expect(p0!.attendance).toBeDefined();
    expect(v0!.attendance).toBeUndefined();
    expect(v0!.myVotes).toHaveLength(polls.length);
    expect(v1!.myVotes).toHaveLength(polls.length);
    const { myVotes: _v0, ...room0 } = v0!;
    const { myVotes: _v1, ...room1 } = v1!;
    const { attendance: _a, ...presenterRoom } = p0!;
    expect(room0).toEqual(presenterRoom);
    expect(room1).toEqual(presenterRoom);
    expect(audit.confirmations).toBe(votes + retries);
    expect(audit.attendance).toBeGreaterThan(0);
    expect(cluster.errors).toEqual([]);
    expect(resumeReplayed).toBeGreaterThanOrEqual(resumes);
    // Both late sockets (one per node) rebuilt the whole session from the log, aggregates only.
    for (const { recorder } of late) {
      const history = fromLog(recorder.messages).map((m) => m.seq);
      expect(history.length).toBeGreaterThanOrEqual(head.lastSeq);
      expect(history).toEqual(history.map((_, k) => k + 1));
      expect(recorder.messages.filter((m) => m.event === 'vote:accepted')).toHaveLength(polls.length * PEOPLE);
    }
    // The node-A presenter, never dropped, saw every vote live, half of them cast through node B.
    expect(presenters[0]!.recorder.messages.filter((m) => m.event === 'vote:accepted')).toHaveLength(
      polls.length * PEOPLE,
    );
  }, 30_000);
});
