import type { VoteAcceptedConfirmation } from '@pollwire/contracts';
import { createBackoff } from './backoff.js';
import { type ConnectionStatus, createConnection } from './connection.js';
import { createDedupWindow } from './dedup.js';
import { createEmitter, type Unsubscribe } from './emitter.js';
import { PollwireError, WebSocketUnavailableError } from './errors.js';
import type { ClientEventHandlers, ResyncEvent } from './events.js';
import { createHeartbeatMonitor, DEFAULT_HEARTBEAT_INTERVAL_MS } from './heartbeat.js';
import { DEFAULT_CLIENT_OPTIONS, defaultRequestId, type PollwireClientOptions } from './options.js';
import type { WebSocketConstructor } from './socket.js';
import { createStateStore, type StateReader } from './state/store.js';
import { createSync } from './sync.js';
import { defaultTimers } from './timers.js';
import { createVoteManager, DEFAULT_VOTES, type PendingVote, type SubmitVoteOptions, type VoteInput } from './votes.js';

/** A snapshot of a client's health, from `client.stats()`. Counts run from the client's creation. */
export interface PollwireClientStats {
  status: ConnectionStatus;
  /** Reconnect attempts started after the first connect (the immediate one after a 1012 close included). */
  reconnects: number;
  /** `resync` events so far, by `source`. */
  resyncs: Record<ResyncEvent['source'], number>;
  /**
   * Frames received on every socket so far, valid or not (a history or replay batch is one frame; the server's echoes
   * of the client's heartbeats count too).
   */
  framesReceived: number;
  /** Frames sent so far: votes (re-sends included) and heartbeats. */
  framesSent: number;
  /**
   * Milliseconds from sending the client's latest heartbeat to the server's echo of it: the network both ways plus
   * the server's queue, measured once per heartbeat interval (the client answers each server heartbeat with one of
   * its own whose `requestId` the server echoes; the echo does not reach `connection:heartbeat` handlers). Only the
   * latest heartbeat counts: an older echo arriving late is ignored. `undefined` until the first echo, and for good
   * against a server that does not echo heartbeats (a server-kit without this feature, or another server).
   */
  lastRoundTripMs: number | undefined;
  /** Votes waiting for a connection (state `queued` in `votes.list()`). */
  votesQueued: number;
}

export interface PollwireClient {
  /**
   * Subscribes to a server event (payload typed from the contract) or to `status`, `error`, `resync`.
   * `connection:heartbeat` handlers see the server's periodic heartbeats only, not its echoes of the client's.
   */
  on<E extends keyof ClientEventHandlers>(event: E, handler: ClientEventHandlers[E]): Unsubscribe;
  /** The session state, for `useSyncExternalStore(client.state.subscribe, client.state.getSnapshot)`. */
  readonly state: StateReader;
  readonly status: ConnectionStatus;
  /**
   * Resolves with the server's confirmation; rejects with `VoteRejectedError`, `VoteTimeoutError` or
   * `VoteFailedError`. Made while disconnected, the vote waits in the queue and goes out after resume.
   */
  submitVote(input: VoteInput, options?: SubmitVoteOptions): Promise<VoteAcceptedConfirmation>;
  /** Votes not confirmed yet, oldest first, and cancellation of queued ones. */
  readonly votes: { list(): PendingVote[]; cancel(requestId: string): boolean };
  /**
   * A new snapshot of the client's health on each call, for health reports. Cheap: the counts are kept as the
   * client runs (at most one increment per frame) and read here.
   *
   * @example
   * setInterval(() => {
   *   const { status, reconnects, resyncs, lastRoundTripMs, votesQueued } = client.stats();
   *   metrics.report({ status, reconnects, resyncs: resyncs.none, lastRoundTripMs, votesQueued });
   * }, 60_000);
   */
  stats(): PollwireClientStats;
  /** Starts connecting (only needed with `autoConnect: false`). */
  connect(): void;
  /** Closes the socket, cancels every timer and rejects pending votes. Final. */
  close(): void;
}

function resolveWebSocket(given: WebSocketConstructor | undefined): WebSocketConstructor {
  const found = given ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!found) throw new WebSocketUnavailableError();
  return found;
}

/**
 * Creates a Pollwire client: a self-healing connection (backoff, resume, replay, dedup, gap detection),
 * typed handlers, vote submission and a session state store.
 *
 * It stops for good on `close()`, a 4401/4404 close, or an HTTP 401/403/404 refusal at upgrade. Only the `ws`
 * package exposes that HTTP status; a runtime's own `WebSocket` (browsers, Node 22+) reports a bare `error` event, so
 * there a refused token keeps retrying with backoff (cap it with `maxReconnectAttempts`, or close on your own auth
 * signal).
 *
 * A 1012 close (the server is draining for a deploy, restart or scale-in) is answered with an immediate reconnect
 * (status `reconnecting`, reason `service_restart`, `delayMs: 0`) that leaves the backoff where it was; a load
 * balancer sends it to another node and the resume recovers what was missed. Only once per stable connection: a second
 * 1012 before the new one was open `stableAfterMs` waits for the backoff, so a server that keeps draining is not
 * hammered.
 *
 * @example
 * // Browsers, Node 22+, Deno and Bun have a WebSocket; on Node 20 add `WebSocket` from 'ws' to the options.
 * const client = createPollwireClient({ url: 'ws://localhost:8080/ws', token, participantId });
 * client.on('poll:activated', (poll) => show(poll.question));
 * await client.submitVote({ pollId, voteData: { selectedOptionIds: [optionId] } });
 * client.close();
 */
export function createPollwireClient(options: PollwireClientOptions): PollwireClient {
  const WebSocket = resolveWebSocket(options.WebSocket);
  const timers = options.timers ?? defaultTimers;
  const store = createStateStore();
  const emitter = createEmitter<ClientEventHandlers>((cause, event) => {
    if (event !== 'error') report(new PollwireError('handler_failed', `a '${String(event)}' handler threw`, { cause }));
  });
  const report = (error: PollwireError) => emitter.emit('error', error);
  // For `stats()`: counts kept as the client runs.
  let attempts = 0;
  let framesSent = 0;
  let lastRoundTripMs: number | undefined;
  // The requestId of the latest heartbeat sent: its send time (`timers.now()`), in decimal.
  let probe: string | undefined;
  const resyncs = { server_snapshot: 0, snapshot: 0, none: 0 };
  const send = (message: object) => {
    if (!connection.send(JSON.stringify(message))) return false;
    framesSent++;
    return true;
  };

  const votes = createVoteManager({
    timers,
    participantId: options.participantId,
    voteTimeoutMs: options.voteTimeoutMs ?? DEFAULT_VOTES.voteTimeoutMs,
    maxQueuedVotes: options.maxQueuedVotes ?? DEFAULT_VOTES.maxQueuedVotes,
    createRequestId: options.createRequestId ?? defaultRequestId,
    send: (message) => ready && send(message),
  });

  // `ready`: the current socket got its handshake, so requests sent now are answered on it.
  let ready = false;
  const sync = createSync({
    store,
    dedup: createDedupWindow(options.dedupWindow),
    loadSnapshot: options.loadSnapshot,
    handlers: emitter,
    onReady: (intervalMs) => {
      ready = true;
      heartbeat.start(intervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS);
      votes.flush();
    },
    onHeartbeat: (requestId) => {
      const now = timers.now();
      // The server's heartbeat is answered with one it echoes; the echo of the latest one gives the round trip.
      if (!requestId) {
        probe = `${now}`;
        send({ event: 'connection:heartbeat', requestId: probe, payload: { timestamp: new Date(now).toISOString() } });
      } else if (requestId === probe) lastRoundTripMs = now - +probe;
    },
    onResponse: (message) => votes.settle(message),
    onGap: () => connection.restart('seq_gap'),
    onInvalidSnapshot: () => connection.restart('invalid_snapshot'),
    onResync: (event) => {
      resyncs[event.source]++;
      emitter.emit('resync', event);
    },
    onError: report,
  });

  const heartbeat = createHeartbeatMonitor(
    timers,
    () => sync.framesReceived,
    () => connection.restart('heartbeat_timeout'),
  );

  const connection = createConnection({
    WebSocket,
    timers,
    backoff: createBackoff(options.backoff),
    stableAfterMs: options.stableAfterMs ?? DEFAULT_CLIENT_OPTIONS.stableAfterMs,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CLIENT_OPTIONS.connectTimeoutMs,
    maxReconnectAttempts: options.maxReconnectAttempts ?? DEFAULT_CLIENT_OPTIONS.maxReconnectAttempts,
    url: () => {
      attempts++;
      sync.reset();
      const withToken = (token: string) => {
        const url = new URL(options.url);
        url.searchParams.set('token', token);
        if (sync.cursor !== undefined) url.searchParams.set('lastEventId', sync.cursor);
        else if (options.history) url.searchParams.set('history', '1');
        return url.toString();
      };
      const token = typeof options.token === 'function' ? options.token() : options.token;
      return typeof token === 'string' ? withToken(token) : token.then(withToken);
    },
    onUrlError: (cause) =>
      report(new PollwireError('token_failed', 'the token function failed; retrying with backoff', { cause })),
    onStatus: (change) => {
      if (change.status !== 'open') {
        ready = false;
        heartbeat.stop();
        votes.suspend();
      }
      if (change.status === 'closed') votes.dispose();
      emitter.emit('status', change);
    },
    onOpen: () => heartbeat.start(DEFAULT_HEARTBEAT_INTERVAL_MS),
    onMessage: (event) => sync.receive(event.data),
    onSocketError: (cause) => report(new PollwireError('socket_error', 'WebSocket error', { cause })),
  });

  const client: PollwireClient = {
    on: (event, handler) => emitter.on(event, handler),
    state: { getSnapshot: store.getSnapshot, subscribe: store.subscribe },
    get status() {
      return connection.status;
    },
    submitVote: (input, submitOptions) => votes.submit(input, submitOptions),
    votes: { list: votes.list, cancel: votes.cancel },
    stats: () => ({
      status: connection.status,
      reconnects: attempts && attempts - 1,
      resyncs: { ...resyncs },
      framesReceived: sync.framesReceived,
      framesSent,
      lastRoundTripMs,
      votesQueued: votes.list().filter((vote) => vote.state === 'queued').length,
    }),
    connect: () => connection.start(),
    close: () => connection.close(),
  };
  if (options.autoConnect ?? DEFAULT_CLIENT_OPTIONS.autoConnect) connection.start();
  return client;
}
