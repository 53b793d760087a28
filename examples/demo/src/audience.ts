import { createPollwireClient, type PollwireClient } from '@pollwire/client';
import {
  EVENT_NAMES,
  type EventScopes,
  eventCatalog,
  type ServerEventName,
  type ServerMessage,
} from '@pollwire/contracts';
import type { FaultProxy } from '@pollwire/fault-proxy';
import { WebSocket } from 'ws';
import type { DemoMetrics } from './metrics.js';

/** Every event a server sends, from the catalog. */
export const SERVER_EVENT_NAMES = EVENT_NAMES.filter((name) => {
  const scopes: EventScopes = eventCatalog[name].scopes;
  return scopes.room !== undefined || scopes.unicast !== undefined;
}) as ServerEventName[];

/** Fast reconnects so dropped participants catch up within the demo's few seconds. */
export const DEMO_BACKOFF = { minDelayMs: 100, maxDelayMs: 1_000 } as const;

/** One simulated audience member: the real client over a real socket, plus what the demo observes of it. */
export interface SimulatedClient {
  readonly name: string;
  readonly participantId: string | undefined;
  readonly client: PollwireClient;
  /** Present for participants that drop mid-poll. */
  readonly proxy: FaultProxy | undefined;
  /** `seq` of the newest room event its handlers saw. */
  readonly lastSeq: number;
  /** Resumes it made (`connection:reconnected` with events replayed or not). */
  readonly resumes: number;
}

export interface SimulatedClientOptions {
  name: string;
  /** `ws://host:port/ws` (a proxy's port for droppers). */
  url: string;
  token: string;
  participantId?: string;
  proxy?: FaultProxy;
  metrics: DemoMetrics;
  now?: () => number;
}

/**
 * Connects one simulated client and records what it receives: deliveries by type, the delivery latency of live
 * room events (replayed and history events are counted apart), and replay sizes.
 */
export function createSimulatedClient(options: SimulatedClientOptions): SimulatedClient {
  const { metrics } = options;
  const now = options.now ?? Date.now;
  const client = createPollwireClient({
    url: options.url,
    token: options.token,
    WebSocket: WebSocket as never,
    backoff: DEMO_BACKOFF,
    ...(options.participantId ? { participantId: options.participantId } : {}),
  });
  const role = options.participantId ? 'participant' : 'presenter';
  let lastSeq = 0;
  let resumes = 0;
  // Room events still to come from the history or replay that the last handshake announced.
  let catchUpLeft = 0;

  const onMessage = (message: ServerMessage) => {
    metrics.deliveries.add(message.event);
    metrics.rate.mark();
    if (message.event === 'connection:established') catchUpLeft = message.payload.historyCount ?? 0;
    if (message.event === 'connection:reconnected') {
      resumes += 1;
      catchUpLeft = message.payload.replayCount;
      metrics.replaySizes.push(message.payload.replayCount);
    }
    if (message.event === 'connection:established') metrics.historySizes.push(catchUpLeft);
    if (message.seq === undefined) return;
    lastSeq = message.seq;
    if (catchUpLeft > 0) catchUpLeft -= 1;
    else {
      metrics.latenciesMs.push(Math.max(0, now() - Date.parse(message.timestamp)));
      metrics.liveByRole.add(role);
    }
  };
  client.on('status', (change) => {
    if (change.status === 'open') metrics.connections.add(role);
  });
  client.on('resync', (event) => metrics.resyncs.add(event.reason));
  for (const name of SERVER_EVENT_NAMES) {
    client.on(name, ((_payload: unknown, message: ServerMessage) => onMessage(message)) as never);
  }
  // Socket errors are expected when a proxy drops a connection; anything else (a bad frame, a failed resync) is not.
  client.on('error', (error) => {
    if (error.code !== 'socket_error') metrics.clientErrors.push(`${options.name}: ${error.code} ${error.message}`);
  });

  return {
    name: options.name,
    participantId: options.participantId,
    client,
    proxy: options.proxy,
    get lastSeq() {
      return lastSeq;
    },
    get resumes() {
      return resumes;
    },
  };
}
