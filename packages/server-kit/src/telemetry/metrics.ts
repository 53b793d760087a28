import { type Attributes, type MeterProvider, metrics } from '@opentelemetry/api';
import type { ResyncReason, VoteRejectionReason } from '@pollwire/contracts/client';
import type { CloseReason } from './close-reason.js';

/** The meter Pollwire's instruments belong to (`otel_scope_name` in Prometheus). */
export const METER_NAME = '@pollwire/server-kit';

export type Role = 'presenter' | 'participant';
export type LogOperation = 'append' | 'read';
/** A `vote:rejected` reason, or why the vote was answered with `error:general` instead. */
export type VoteRefusal = VoteRejectionReason | 'forbidden' | 'poll_not_found' | 'invalid_vote';

/**
 * What the hub, the vote handler and the stores record. Every attribute is from a closed set: a role, a reason, a
 * status: never a session, poll or participant id, a token or a name.
 */
export interface PollwireMetrics {
  connectionOpened(role: Role): void;
  connectionClosed(role: Role, reason: CloseReason): void;
  /** An upgrade refused before it became a connection. */
  connectionRefused(status: number, reason: string): void;
  roomOpened(): void;
  roomClosed(): void;
  /** One room event fanned out on this node: to `presenters` and `participants` sockets, taking `seconds`. */
  fannedOut(presenters: number, participants: number, seconds: number): void;
  /** Live room events sent to a connection as its handshake ended (held while it caught up). */
  deliveredHeld(role: Role, count: number): void;
  /** A recorder of one log operation's latency on one store (its attributes resolved once). */
  logTimer(operation: LogOperation, store: string): (seconds: number) => void;
  replayServed(events: number): void;
  snapshotServed(bytes: number): void;
  resync(reason: ResyncReason): void;
  voteAccepted(): void;
  /** A vote re-sent with the requestId of one already recorded: confirmed again, counted once. */
  voteRepeated(): void;
  voteRejected(reason: VoteRefusal): void;
  redisError(type: 'unavailable' | 'reply'): void;
  redisReconnect(): void;
}

const SECONDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const ROOM_SIZES = [1, 10, 50, 100, 500, 1000, 2500, 5000, 10000, 25000, 50000];
const EVENTS = [0, 1, 10, 50, 100, 250, 500, 1000, 5000, 10000];
const BYTES = [256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304];

/** Attribute sets made once per distinct value: recording allocates nothing after the first time. */
function attributeCache() {
  const made = new Map<string, Attributes>();
  return (id: string, make: () => Attributes): Attributes => {
    let attributes = made.get(id);
    if (!attributes) {
      attributes = Object.freeze(make());
      made.set(id, attributes);
    }
    return attributes;
  };
}

/**
 * Pollwire's instruments on `meterProvider` (default: the global one of `@opentelemetry/api`, a no-op until the app
 * installs an OpenTelemetry SDK), made once per provider.
 *
 * @example
 * const pollwire = createPollwire({ meterProvider: new MeterProvider({ readers: [new PrometheusExporter()] }) });
 */
export function createPollwireMetrics(meterProvider: MeterProvider = metrics.getMeterProvider()): PollwireMetrics {
  let made = byProvider.get(meterProvider);
  if (!made) {
    made = makeMetrics(meterProvider);
    byProvider.set(meterProvider, made);
  }
  return made;
}

/** One set of instruments per provider: the hub, the vote handler and the stores of a process share it. */
const byProvider = new WeakMap<MeterProvider, PollwireMetrics>();

function makeMetrics(meterProvider: MeterProvider): PollwireMetrics {
  const meter = meterProvider.getMeter(METER_NAME);
  const presenters: Attributes = Object.freeze({ 'pollwire.connection.role': 'presenter' });
  const participants: Attributes = Object.freeze({ 'pollwire.connection.role': 'participant' });
  const connections = meter.createCounter('pollwire.server.connections', {
    description: 'WebSocket connections accepted (authenticated and upgraded), by role.',
    unit: '{connection}',
  });
  const active = meter.createUpDownCounter('pollwire.server.active_connections', {
    description: 'Open WebSocket connections, by role.',
    unit: '{connection}',
  });
  const closes = meter.createCounter('pollwire.server.connection.closes', {
    description: 'Connections ended, by role and reason (peer, service_restart, slow_consumer, heartbeat_timeout...).',
    unit: '{connection}',
  });
  const refusals = meter.createCounter('pollwire.server.connection.refusals', {
    description: 'Upgrade requests refused before a connection, by HTTP status and reason.',
    unit: '{request}',
  });
  const rooms = meter.createUpDownCounter('pollwire.server.active_rooms', {
    description: 'Sessions with at least one connection on this node.',
    unit: '{room}',
  });
  const roomSize = meter.createHistogram('pollwire.room.size', {
    description: 'Connections a room event was fanned out to on this node, one sample per room event.',
    unit: '{connection}',
    advice: { explicitBucketBoundaries: ROOM_SIZES },
  });
  // The hottest count (one per socket per room event) is a plain integer, read by the SDK when it collects.
  const delivered = { presenter: 0, participant: 0 };
  meter
    .createObservableCounter('pollwire.server.deliveries', {
      description: 'Live room event frames written to sockets, by role (history, replay and snapshots not included).',
      unit: '{frame}',
    })
    .addCallback((result) => {
      result.observe(delivered.presenter, presenters);
      result.observe(delivered.participant, participants);
    });
  const fanOut = meter.createHistogram('pollwire.broadcast.duration', {
    description: "Time to write one room event to every socket of this node's room.",
    unit: 's',
    advice: { explicitBucketBoundaries: SECONDS },
  });
  const logDuration = meter.createHistogram('pollwire.log.operation.duration', {
    description: 'Replay log latency, by operation (append, read) and store (memory, redis).',
    unit: 's',
    advice: { explicitBucketBoundaries: SECONDS },
  });
  const replays = meter.createHistogram('pollwire.replay.size', {
    description: 'Events replayed to a resuming client, one sample per replay served.',
    unit: '{event}',
    advice: { explicitBucketBoundaries: EVENTS },
  });
  const snapshots = meter.createHistogram('pollwire.snapshot.size', {
    description: 'Bytes of a session state (`session:synchronized`) sent, one sample per snapshot served.',
    unit: 'By',
    advice: { explicitBucketBoundaries: BYTES },
  });
  const resyncs = meter.createCounter('pollwire.server.resyncs', {
    description: 'Resumes answered with the state instead of a replay, by reason.',
    unit: '{resync}',
  });
  const votes = meter.createCounter('pollwire.votes', {
    description: 'Votes handled, by outcome (accepted, repeated, rejected) and rejection reason.',
    unit: '{vote}',
  });
  const redisErrors = meter.createCounter('pollwire.redis.errors', {
    description: 'Redis commands that failed, by error type (unavailable, reply).',
    unit: '{error}',
  });
  const redisReconnects = meter.createCounter('pollwire.redis.reconnects', {
    description: "Reconnects of the fan-out's blocking Redis connection after it failed.",
    unit: '{reconnect}',
  });

  const cached = attributeCache();
  const role = (of: Role) => (of === 'presenter' ? presenters : participants);
  const accepted: Attributes = Object.freeze({ 'pollwire.vote.outcome': 'accepted' });
  const repeated: Attributes = Object.freeze({ 'pollwire.vote.outcome': 'repeated' });
  const rejected = (why: VoteRefusal) =>
    cached(`vote:${why}`, () => ({ 'pollwire.vote.outcome': 'rejected', 'pollwire.vote.rejection_reason': why }));

  return {
    connectionOpened(of) {
      connections.add(1, role(of));
      active.add(1, role(of));
    },
    connectionClosed(of, why) {
      active.add(-1, role(of));
      closes.add(
        1,
        cached(`close:${of}:${why}`, () => ({ ...role(of), 'pollwire.close.reason': why })),
      );
    },
    connectionRefused: (code, why) =>
      refusals.add(
        1,
        cached(`refusal:${code}:${why}`, () => ({ 'http.response.status_code': code, 'pollwire.refusal.reason': why })),
      ),
    roomOpened: () => rooms.add(1),
    roomClosed: () => rooms.add(-1),
    fannedOut(toPresenters, toParticipants, seconds) {
      roomSize.record(toPresenters + toParticipants);
      delivered.presenter += toPresenters;
      delivered.participant += toParticipants;
      fanOut.record(seconds);
    },
    deliveredHeld(of, count) {
      delivered[of] += count;
    },
    logTimer(op, store) {
      const attributes = cached(`log:${op}:${store}`, () => ({
        'pollwire.log.operation': op,
        'pollwire.log.store': store,
      }));
      return (seconds) => logDuration.record(seconds, attributes);
    },
    replayServed: (events) => replays.record(events),
    snapshotServed: (bytes) => snapshots.record(bytes),
    resync: (why) =>
      resyncs.add(
        1,
        cached(`resync:${why}`, () => ({ 'pollwire.resync.reason': why })),
      ),
    voteAccepted: () => votes.add(1, accepted),
    voteRepeated: () => votes.add(1, repeated),
    voteRejected: (why) => votes.add(1, rejected(why)),
    redisError: (type) =>
      redisErrors.add(
        1,
        cached(`redis:${type}`, () => ({ 'error.type': type })),
      ),
    redisReconnect: () => redisReconnects.add(1),
  };
}
