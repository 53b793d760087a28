import type { MeterProvider } from '@opentelemetry/api';
import { attachWebSocketServer, buildVoteAcceptedBroadcast, createPollwire } from '@pollwire/server-kit';
import { openingEvents } from '../../fixtures/poll.js';
import { BENCH_SESSION_ID, voteAcceptedPayload } from '../../fixtures/vote-accepted.js';
import { closeServer, listenLoopback } from '../listen.js';
import type { CreateServerStack } from '../stack.js';

/** An OpenTelemetry SDK the server records its `pollwire.*` metrics into, and what stops its exports. */
export interface BenchTelemetry {
  meterProvider: MeterProvider;
  close(): Promise<void>;
}

export interface PollwireStackOptions {
  /**
   * Started before `createPollwire`, whose `meterProvider` it becomes, and closed after it.
   * @default none: `createPollwire`'s default, the global provider of `@opentelemetry/api` (a no-op, no SDK installed)
   */
  telemetry?: () => BenchTelemetry;
}

/**
 * `@pollwire/server-kit` over `ws` with its defaults: each broadcast is validated against the contract, appended to
 * the in-memory replay log (assigning `seq`), serialized once and sent to every socket of the session room.
 * The token is the connection index. Connections are presenters: a participant's first connection broadcasts
 * `participant:joined` to the room, which at C = 1000 would be a million deliveries at connect time that the
 * baselines do not pay and the scenario does not measure. The poll is created and activated before any client
 * connects, so every client's state store holds it and each broadcast builds the client a new state.
 * With `telemetry`, the same server records its metrics into that SDK.
 */
export function pollwireStack(stackOptions: PollwireStackOptions = {}): CreateServerStack {
  return async () => {
    const { server, port } = await listenLoopback();
    const telemetry = stackOptions.telemetry?.();
    const pollwire = createPollwire(telemetry ? { meterProvider: telemetry.meterProvider } : {});
    const attachment = attachWebSocketServer({
      hub: pollwire.hub,
      server,
      authenticate: (_request, url) =>
        url.searchParams.has('token') ? { sessionId: BENCH_SESSION_ID, role: 'presenter' } : undefined,
    });
    for (const { event, payload } of openingEvents()) await pollwire.hub.broadcast(BENCH_SESSION_ID, event, payload);
    let votes = 0;

    return {
      port,
      connections: () => pollwire.hub.connectionCount(BENCH_SESSION_ID),
      nextSeq: async () => (await pollwire.hub.log.head(BENCH_SESSION_ID)).lastSeq + 1,
      async broadcast() {
        votes++;
        const payload = buildVoteAcceptedBroadcast(voteAcceptedPayload(votes, new Date().toISOString()));
        return (await pollwire.hub.broadcast(BENCH_SESSION_ID, 'vote:accepted', payload)).seq;
      },
      async close() {
        attachment.close();
        await pollwire.close();
        await closeServer(server);
        await telemetry?.close();
      },
    };
  };
}

/** The `pollwire` server stack: `createPollwire` with its defaults, no OpenTelemetry SDK. */
export const createPollwireStack: CreateServerStack = pollwireStack();
