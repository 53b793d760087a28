import {
  CONTRACT_VERSION,
  type ClientMessage,
  initialPollwireState,
  type PollCreatedPayload,
  type PollwireState,
  parseClientMessage,
  parseServerMessage,
  reducePollwireState,
  type ResyncReason,
  type RoomEventName,
  type RoomMessage,
  type RoomPayload,
  roomAudience,
  type ServerMessage,
  snapshotOfState,
  type UnicastEventName,
  type UnicastPayload,
  type VoteData,
  type VoteRejectionReason,
} from '@pollwire/contracts';
import { ws } from 'msw';
import { createFactories, type Overrides, type PollwireFactories } from '../factories/factories.js';
import { PollwireMockError } from './errors.js';
import { aggregatesOf, ruleBreach } from './tally.js';

/** Who a connection is, as the server would know it from its token. */
export interface MockIdentity {
  role: 'presenter' | 'participant';
  participantId?: string | undefined;
}

export interface PollwireMockOptions {
  /** The WebSocket URL the app connects to (without the query), e.g. `wss://polls.example.com/ws`. */
  url: string;
  /** Seed of the ids and values the mock fills in. @default 1 */
  seed?: number;
  /**
   * Who a token is. @default a token that is a participant id (a UUID) is that participant; `presenter` is the
   * presenter; anything else a participant without an id
   */
  identify?: (token: string) => MockIdentity;
  /** Announced in the hellos; `connection:heartbeat` is sent this often unless stalled. @default 30_000 */
  heartbeatIntervalMs?: number;
  /** A resume that missed more events gets the state instead of a replay. @default 1000 */
  replayLimit?: number;
  /** A frame a client sent that the contract rejects. @default throws it, uncaught, so the test fails */
  onViolation?: (error: PollwireMockError) => void;
}

/** One client connected to the mock. */
export interface MockConnection {
  readonly id: string;
  readonly identity: MockIdentity;
  /** Every frame the client sent, validated. */
  readonly received: ClientMessage[];
  close(code?: number, reason?: string): void;
}

/** What a vote handler decides: the server's rules (`undefined`), accept, or reject with a reason. */
export type VoteDecision = undefined | 'accept' | { reject: VoteRejectionReason; message?: string };

export type VoteHandler = (
  vote: ClientMessage<'vote:submitted'>,
  context: { connection: MockConnection; state: PollwireState },
) => VoteDecision;

export interface PollwireMock {
  /** For `setupServer(...mock.handlers)` (Node) or `setupWorker(...mock.handlers)` (browser). */
  readonly handlers: ReturnType<ReturnType<typeof ws.link>['addEventListener']>[];
  readonly factories: PollwireFactories;
  readonly sessionId: string;
  /** The log's epoch: the first part of every `eventId`. */
  readonly epoch: string;
  /** The session's state after every room event so far: what a connected client should hold. */
  readonly state: PollwireState;
  /** The room events so far, as logged (a participant is sent those for everyone). */
  readonly log: readonly RoomMessage[];
  /** Open connections. */
  readonly connections: readonly MockConnection[];
  /** Frames clients sent that the contract rejects (each also fails the test as an uncaught error). */
  readonly violations: readonly PollwireMockError[];
  /**
   * Logs a room event and sends it to the room. The payload's missing fields are filled in; the envelope (`eventId`,
   * `seq`, `timestamp`, `sessionId`) is the mock's. Throws {@link PollwireMockError} on an invalid payload.
   */
  broadcast<E extends RoomEventName>(event: E, payload?: Overrides<RoomPayload<E>>): RoomMessage<E>;
  /** Sends a unicast to one connection (`to`) or every one. */
  unicast<E extends UnicastEventName>(
    event: E,
    payload?: Overrides<UnicastPayload<E>>,
    options?: { to?: MockConnection; requestId?: string },
  ): void;
  /** Decides each `vote:submitted`; without it (or when it returns `undefined`) the server's rules apply. */
  onVote(handler: VoteHandler): void;
  /** Closes every connection with `code` (default 1012, a restart): clients reconnect and resume. */
  disconnect(code?: number, reason?: string): void;
  /** The next `count` room events are logged but sent to nobody: clients see a gap and resume. */
  dropNext(count?: number): void;
  /** How the next resumes are served: `replay` when possible (default), or `snapshot` (as over `replayLimit`). */
  resumeBy(how: 'replay' | 'snapshot'): void;
  /** Every cursor issued so far expires: resumes get the state with `cursor_expired`. */
  expireCursors(): void;
  /** The log starts a new epoch (a server that lost its log): resumes get the state with `epoch_mismatch`. */
  newEpoch(): void;
  /** Stops sending anything, heartbeats included, until `unstall()`: clients detect the silence. */
  stall(): void;
  unstall(): void;
  /** Stops the heartbeat timers. */
  close(): void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const defaultIdentify = (token: string): MockIdentity =>
  token === 'presenter'
    ? { role: 'presenter' }
    : UUID.test(token)
      ? { role: 'participant', participantId: token }
      : { role: 'participant' };

/** Throws the contract's verdict on a frame the mock would send. */
function checked<M extends ServerMessage>(message: M): M {
  const parsed = parseServerMessage(message);
  if (!parsed.ok) throw new PollwireMockError('invalid_server_frame', parsed.error);
  return message;
}

/**
 * A Pollwire server in MSW: the handshake, the session's state, room events and unicasts you script, votes by the
 * server's rules, and the recovery paths a client must survive (gaps, disconnects, resumes by replay or by state,
 * expired cursors, a new epoch, a stalled server). Every frame is checked against the contract.
 *
 * @example
 * const mock = createPollwireMock({ url: 'wss://polls.example.com/ws' });
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const poll = mock.broadcast('poll:created', { question: 'Tabs or spaces?' });
 * mock.broadcast('poll:activated', { pollId: poll.payload.pollId });
 */
export function createPollwireMock(options: PollwireMockOptions): PollwireMock {
  const factories = createFactories({ seed: options.seed ?? 1 });
  const { sessionId } = factories;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 30_000;
  const replayLimit = options.replayLimit ?? 1000;
  const identify = options.identify ?? defaultIdentify;
  const link = ws.link(`${options.url}*`);

  let epoch = 'e1';
  let state = initialPollwireState;
  const log: RoomMessage[] = [];
  let lastForEveryone = 0;
  const connections: LiveConnection[] = [];
  const violations: PollwireMockError[] = [];
  let dropping = 0;
  let resumeBy: 'replay' | 'snapshot' = 'replay';
  let expiredThrough = 0;
  let stalled = false;
  let voteHandler: VoteHandler | undefined;
  let connectionCount = 0;
  const votes = new Map<string, Map<string, { voteId: string; submittedAt: string; data: VoteData }>>();

  interface LiveConnection extends MockConnection {
    send(message: ServerMessage | ServerMessage[]): void;
    timer: ReturnType<typeof setInterval>;
  }

  const headCursor = () => `${epoch}-${log.at(-1)?.seq ?? 0}`;
  const headSeq = () => log.at(-1)?.seq ?? 0;
  const now = () => new Date().toISOString();
  const forRole = (connection: MockConnection, message: RoomMessage) =>
    connection.identity.role === 'presenter' || roomAudience(message.event) === 'everyone';

  const pollOf = (pollId: string): PollCreatedPayload | undefined =>
    log.find((m) => m.event === 'poll:created' && m.payload.pollId === pollId)?.payload as
      | PollCreatedPayload
      | undefined;

  const snapshotFor = (connection: MockConnection) => {
    const mine = connection.identity.participantId;
    const myVotes = mine
      ? [...votes.entries()].flatMap(([pollId, byParticipant]) => {
          const vote = byParticipant.get(mine);
          return vote ? [{ pollId, voteId: vote.voteId, submittedAt: vote.submittedAt }] : [];
        })
      : undefined;
    const present = new Map<string, { participantId: string; displayName?: string; joinedAt: string }>();
    for (const m of log) {
      if (m.event === 'participant:joined') {
        const { participantId, displayName, joinedAt } = m.payload;
        present.set(participantId, { participantId, joinedAt, ...(displayName ? { displayName } : {}) });
      } else if (m.event === 'participant:disconnected') present.delete(m.payload.participantId);
    }
    const payload = snapshotOfState(sessionId, state, {
      cursor: headCursor(),
      seq: headSeq(),
      ...(connection.identity.role === 'participant'
        ? { myVotes: myVotes ?? [] }
        : { attendance: [...present.values()] }),
    });
    return checked({
      event: 'session:synchronized',
      eventId: `u${++connectionCount}`,
      sessionId,
      timestamp: now(),
      payload,
    } as ServerMessage);
  };

  const unicastMessage = <E extends UnicastEventName>(event: E, payload: UnicastPayload<E>, requestId?: string) =>
    checked({
      event,
      eventId: `u${++connectionCount}`,
      sessionId,
      timestamp: now(),
      ...(requestId ? { requestId } : {}),
      payload,
    } as ServerMessage);

  const resumeVerdict = (cursor: string): ResyncReason | undefined => {
    const match = /^([0-9a-z]{1,64})-(0|[1-9][0-9]{0,14})$/.exec(cursor);
    if (!match) return 'cursor_invalid';
    if (match[1] !== epoch) return 'epoch_mismatch';
    const seq = Number(match[2]);
    if (seq > headSeq()) return 'cursor_ahead';
    if (seq < expiredThrough) return 'cursor_expired';
    if (resumeBy === 'snapshot' || headSeq() - seq > replayLimit) return 'replay_limit';
    return undefined;
  };

  const handshake = (connection: LiveConnection, lastEventId: string | null) => {
    const base = { connectionId: connection.id, timestamp: now(), heartbeatIntervalMs, role: connection.identity.role };
    if (lastEventId === null) {
      connection.send(
        unicastMessage('connection:established', {
          ...base,
          serverVersion: CONTRACT_VERSION,
          cursor: headCursor(),
          snapshot: true,
        }),
      );
      connection.send(snapshotFor(connection));
      return;
    }
    const reason = resumeVerdict(lastEventId);
    if (reason) {
      connection.send(
        unicastMessage('connection:reconnected', {
          ...base,
          replayFrom: lastEventId,
          replayCount: 0,
          recovered: false,
          resyncReason: reason,
          snapshot: true,
        }),
      );
      connection.send(snapshotFor(connection));
      return;
    }
    const from = Number(lastEventId.split('-').at(-1));
    const replay = log.filter((m) => m.seq > from && forRole(connection, m));
    connection.send(
      unicastMessage('connection:reconnected', {
        ...base,
        replayFrom: lastEventId,
        replayCount: replay.length,
        cursor: headCursor(),
      }),
    );
    if (replay.length > 0) connection.send(replay);
  };

  const decideVote = (connection: LiveConnection, vote: ClientMessage<'vote:submitted'>) => {
    const { pollId, participantId, voteData } = vote.payload;
    const byParticipant = votes.get(pollId) ?? new Map();
    const poll = pollOf(pollId);
    const decision = voteHandler?.(vote, { connection, state });
    const reason =
      decision === undefined
        ? ruleBreach(poll, state.polls[pollId]?.status, byParticipant.has(participantId), voteData)
        : decision === 'accept'
          ? undefined
          : decision.reject;
    if (reason || !poll) {
      const message = typeof decision === 'object' ? (decision.message ?? reason!) : (reason ?? 'poll_not_active');
      connection.send(
        unicastMessage(
          'vote:rejected',
          { pollId, participantId, reason: reason ?? 'poll_not_active', message, timestamp: now() },
          vote.requestId,
        ),
      );
      return;
    }
    const record = { voteId: factories.uuid(), submittedAt: now(), data: voteData };
    byParticipant.set(participantId, record);
    votes.set(pollId, byParticipant);
    const aggregates = aggregatesOf(
      poll,
      [...byParticipant.values()].map((v) => v.data),
      { voteId: record.voteId, submittedAt: record.submittedAt },
    );
    connection.send(unicastMessage('vote:accepted', { ...aggregates, participantId }, vote.requestId));
    mock.broadcast('vote:accepted', aggregates);
  };

  const handler = link.addEventListener('connection', ({ client }) => {
    const url = new URL(client.url);
    const identity = identify(url.searchParams.get('token') ?? '');
    const connection: LiveConnection = {
      id: `c${++connectionCount}`,
      identity,
      received: [],
      send(message) {
        if (!stalled) client.send(JSON.stringify(message));
      },
      close: (code = 1000, reason = '') => client.close(code, reason),
      timer: setInterval(() => {
        if (!stalled) connection.send(unicastMessage('connection:heartbeat', { timestamp: now() }));
      }, heartbeatIntervalMs),
    };
    (connection.timer as { unref?: () => void }).unref?.();
    connections.push(connection);
    client.addEventListener('close', () => {
      clearInterval(connection.timer);
      connections.splice(connections.indexOf(connection), 1);
    });
    client.addEventListener('message', (event) => {
      const parsed = parseClientMessage(typeof event.data === 'string' ? event.data : '');
      if (!parsed.ok) {
        const error = new PollwireMockError('invalid_client_frame', parsed.error);
        violations.push(error);
        if (options.onViolation) options.onViolation(error);
        else
          queueMicrotask(() => {
            throw error;
          });
        return;
      }
      connection.received.push(parsed.message);
      const { message } = parsed;
      if (message.event === 'vote:submitted') decideVote(connection, message as ClientMessage<'vote:submitted'>);
      // As the server does: a heartbeat with a requestId is echoed (the client's round trip).
      else if (message.event === 'connection:heartbeat' && message.requestId && !stalled)
        connection.send(unicastMessage('connection:heartbeat', { timestamp: now() }, message.requestId));
    });
    handshake(connection, url.searchParams.get('lastEventId'));
  });

  const mock: PollwireMock = {
    handlers: [handler],
    factories,
    sessionId,
    get epoch() {
      return epoch;
    },
    get state() {
      return state;
    },
    log,
    connections,
    violations,
    broadcast(event, payload) {
      const seq = headSeq() + 1;
      const message = checked({
        event,
        eventId: `${epoch}-${seq}`,
        sessionId,
        seq,
        timestamp: now(),
        ...(roomAudience(event) === 'everyone' && lastForEveryone !== seq - 1 ? { prev: lastForEveryone } : {}),
        payload: factories.room(event, payload),
      } as RoomMessage) as RoomMessage;
      log.push(message);
      if (roomAudience(event) === 'everyone') lastForEveryone = seq;
      state = reducePollwireState(state, message);
      if (dropping > 0) dropping -= 1;
      else for (const connection of connections) if (forRole(connection, message)) connection.send(message);
      return message as RoomMessage<typeof event>;
    },
    unicast(event, payload, unicastOptions = {}) {
      const message = unicastMessage(event, factories.unicast(event, payload), unicastOptions.requestId);
      for (const connection of unicastOptions.to ? [unicastOptions.to as LiveConnection] : connections) {
        connection.send(message);
      }
    },
    onVote(next) {
      voteHandler = next;
    },
    disconnect(code = 1012, reason = 'mock restart') {
      for (const connection of [...connections]) connection.close(code, reason);
    },
    dropNext(count = 1) {
      dropping += count;
    },
    resumeBy(how) {
      resumeBy = how;
    },
    expireCursors() {
      expiredThrough = headSeq() + 1;
    },
    newEpoch() {
      epoch = `e${Number(epoch.slice(1)) + 1}`;
      log.splice(0);
      lastForEveryone = 0;
    },
    stall() {
      stalled = true;
    },
    unstall() {
      stalled = false;
    },
    close() {
      for (const connection of connections) clearInterval(connection.timer);
    },
  };
  return mock;
}
