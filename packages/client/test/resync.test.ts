import { createFaultProxy, type FaultProxy } from '@pollwire/fault-proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientWebSocket as WebSocket } from '@pollwire/test-kit';
import { type ReferenceServer, startReferenceServer } from '../../../examples/reference-server/src/server.js';
import { createPollwireClient, type PollwireState, type ResyncEvent } from '../src/index.js';
import { createApiClient, waitFor } from './support/api.js';

let server: ReferenceServer;
let proxy: FaultProxy;

beforeAll(async () => {
  // A tiny log: a client away for a few events falls out of the replay window.
  server = await startReferenceServer({ port: 0, maxEventsPerSession: 3 });
  proxy = await createFaultProxy({ target: server.wsUrl });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

describe('resync against the reference server', () => {
  it("rebuilds from the server's state when the cursor fell out of the replay window, with no loadSnapshot call", async () => {
    const api = createApiClient(server.httpUrl);
    const session = await api.createSession();
    const witness = createPollwireClient({ url: server.wsUrl, token: session.presenterToken, WebSocket });
    const resyncs: ResyncEvent[] = [];
    let snapshots = 0;
    const client = createPollwireClient({
      url: proxy.url,
      token: session.presenterToken,
      WebSocket,
      backoff: { minDelayMs: 20, maxDelayMs: 50 },
      loadSnapshot: async () => {
        snapshots += 1;
        return witness.state.getSnapshot() as PollwireState;
      },
    });
    client.on('resync', (event) => resyncs.push(event));
    try {
      await waitFor(() => client.status === 'open' && witness.status === 'open', 5000, 'open');
      const first = await session.createPoll('First?');
      await waitFor(() => client.state.getSnapshot().polls[first.pollId] !== undefined, 5000, 'first poll');

      proxy.blackhole();
      proxy.cut();
      const polls: Array<{ pollId: string }> = [];
      for (let i = 0; i < 5; i += 1) polls.push(await session.createPoll(`Missed ${i}?`));
      await waitFor(() => witness.state.getSnapshot().polls[polls[4]!.pollId] !== undefined, 5000, 'witness');
      proxy.heal();

      await waitFor(() => resyncs.length > 0, 10_000, 'resync');
      expect(resyncs[0]).toEqual({ reason: 'cursor_expired', source: 'server_snapshot' });
      // The app's loadSnapshot stays for servers that cannot send the state.
      expect(snapshots).toBe(0);
      expect(client.state.getSnapshot()).toEqual(witness.state.getSnapshot());
      const last = await session.createPoll('After?');
      await waitFor(() => client.state.getSnapshot().polls[last.pollId] !== undefined, 5000, 'live after resync');
      await waitFor(() => witness.state.getSnapshot().polls[last.pollId] !== undefined, 5000, 'witness live');
      expect(client.state.getSnapshot()).toEqual(witness.state.getSnapshot());
    } finally {
      client.close();
      witness.close();
    }
  });
});
