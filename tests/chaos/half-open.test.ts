import { createFaultProxy, type FaultProxy } from '@pollwire/fault-proxy';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession } from '../support/api.js';
import { observeClient, roomState, sequenceFaults } from '../support/observed-client.js';
import { reportFigures, waitUntil } from '../support/report.js';
import { serverState } from '../support/server-truth.js';

const INTERVAL = 200;
/** Timer lateness allowed on a loaded 2-core runner. */
const SLACK_MS = 150;

let server: ReferenceServer;
let proxy: FaultProxy;
beforeAll(async () => {
  server = await startReferenceServer({ port: 0, heartbeatIntervalMs: INTERVAL });
  proxy = await createFaultProxy({ target: server.wsUrl });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

describe('half-open connection (black-holed, no FIN, no RST)', () => {
  it(`is detected by heartbeat within two ${INTERVAL} ms intervals on both sides, then resumed without loss`, async () => {
    const session = await createTestSession(server.httpUrl);
    const observed = observeClient({
      url: proxy.url,
      token: session.presenterToken,
      backoff: { minDelayMs: 20, maxDelayMs: 100 },
      connectTimeoutMs: 500,
    });
    try {
      await waitUntil(() => observed.client.status === 'open' && observed.heldSeq === 1, 5000, 'open');
      // Let a heartbeat or two flow, then cut the wire silently.
      await new Promise((resolve) => setTimeout(resolve, INTERVAL * 1.5));
      proxy.blackhole();
      const blackholedAt = performance.now();
      const missed = [await session.createChoicePoll('missed 1'), await session.createChoicePoll('missed 2')];
      await waitUntil(() => observed.statuses.some((s) => s.reason === 'heartbeat_timeout'), 5000, 'client detection');
      const clientDetectedMs = observed.statuses.find((s) => s.reason === 'heartbeat_timeout')!.at - blackholedAt;
      await waitUntil(() => server.hub.connectionCount(session.sessionId) === 0, 5000, 'server detection');
      const serverDetectedMs = performance.now() - blackholedAt;
      proxy.heal();
      const resumedFrom = performance.now();
      await waitUntil(() => observed.client.status === 'open' && observed.heldSeq === 3, 10_000, 'resume');
      const resumeMs = performance.now() - resumedFrom;
      expect(sequenceFaults(observed.seqs, 3, observed.snapshotSeq)).toEqual({ lost: 0, duplicates: 0, outOfOrder: 0 });
      expect(observed.resyncs).toEqual([]);
      for (const poll of missed) expect(observed.client.state.getSnapshot().polls[poll.pollId]).toBeDefined();
      expect(roomState(observed.client.state.getSnapshot())).toEqual(
        roomState(await serverState(server.hub.log, session.sessionId)),
      );
      reportFigures('half-open', {
        heartbeatIntervalMs: INTERVAL,
        clientDetectedMs,
        serverDetectedMs,
        resumeAfterHealMs: resumeMs,
        lost: 0,
        duplicates: 0,
      });
      // Silence began at most one interval before the black-hole (the last heartbeat); detection is 2 intervals of it.
      expect(clientDetectedMs).toBeLessThanOrEqual(2 * INTERVAL + SLACK_MS);
      // The server sweeps every interval, terminating sockets silent for 2 intervals: at most 3 intervals.
      expect(serverDetectedMs).toBeLessThanOrEqual(3 * INTERVAL + SLACK_MS);
    } finally {
      observed.close();
    }
  });
});
