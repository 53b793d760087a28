import type { VoteAcceptedConfirmation } from '@pollwire/contracts';
import { createBackoff } from './backoff.js';
import { type ConnectionStatus, createConnection } from './connection.js';
import { createDedupWindow } from './dedup.js';
import { createEmitter, type Unsubscribe } from './emitter.js';
import { PollwireError, WebSocketUnavailableError } from './errors.js';
import type { ClientEventHandlers } from './events.js';
import { createHeartbeatMonitor, DEFAULT_HEARTBEAT_INTERVAL_MS } from './heartbeat.js';
import { DEFAULT_CLIENT_OPTIONS, defaultRequestId, type PollwireClientOptions } from './options.js';
import type { WebSocketConstructor } from './socket.js';
import { createStateStore, type StateReader } from './state/store.js';
import { createSync } from './sync.js';
import { defaultTimers } from './timers.js';
import { createVoteManager, DEFAULT_VOTES, type PendingVote, type SubmitVoteOptions, type VoteInput } from './votes.js';

export interface PollwireClient {
  /** Subscribes to a server event (payload typed from the contract) or to `status`, `error`, `resync`. */
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

  const votes = createVoteManager({
    timers,
    participantId: options.participantId,
    voteTimeoutMs: options.voteTimeoutMs ?? DEFAULT_VOTES.voteTimeoutMs,
    maxQueuedVotes: options.maxQueuedVotes ?? DEFAULT_VOTES.maxQueuedVotes,
    createRequestId: options.createRequestId ?? defaultRequestId,
    send: (message) => ready && connection.send(JSON.stringify(message)),
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
    onHeartbeat: () => {
      const timestamp = new Date(timers.now()).toISOString();
      connection.send(JSON.stringify({ event: 'connection:heartbeat', payload: { timestamp } }));
    },
    onResponse: (message) => votes.settle(message),
    onGap: () => connection.restart('seq_gap'),
    onInvalidSnapshot: () => connection.restart('invalid_snapshot'),
    onResync: (event) => emitter.emit('resync', event),
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
    connect: () => connection.start(),
    close: () => connection.close(),
  };
  if (options.autoConnect ?? DEFAULT_CLIENT_OPTIONS.autoConnect) connection.start();
  return client;
}
