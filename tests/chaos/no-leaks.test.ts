import { Socket } from 'node:net';
import { createFaultProxy, type FaultProxy } from '@pollwire/fault-proxy';
import { startReferenceServer } from '@pollwire/reference-server';
import { describe, expect, it } from 'vitest';
import { createTestSession, optionIds } from '../support/api.js';
import { type ObservedClient, observeClient } from '../support/observed-client.js';
import { reportFigures, sleep, waitUntil } from '../support/report.js';

const CLIENTS = 30;

/** Active handles by type (`TCPSocketWrap`, `Timeout`, …). */
const resources = () => {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
};
/** Open TCP sockets of this process whose local end is the server's port (the server side of connections). */
const serverSockets = (port: number) =>
  (process as unknown as { _getActiveHandles(): unknown[] })
    ._getActiveHandles()
    .filter((handle): handle is Socket => handle instanceof Socket && handle.localPort === port && !handle.destroyed)
    .length;

const delta = (after: Record<string, number>, before: Record<string, number>) => {
  const changed: Record<string, number> = {};
  for (const key of new Set([...Object.keys(after), ...Object.keys(before)])) {
    const d = (after[key] ?? 0) - (before[key] ?? 0);
    if (d !== 0) changed[key] = d;
  }
  return changed;
};

describe('no leaks', () => {
  it(`after ${CLIENTS} clients churn (cuts, votes) and leave, the hub holds 0 connections, 0 participants, and no socket or timer is left`, async () => {
    await sleep(50);
    const baseline = resources();
    const server = await startReferenceServer({ port: 0, heartbeatIntervalMs: 1000 });
    const listening = resources();
    let proxy: FaultProxy | undefined;
    const clients: ObservedClient[] = [];
    try {
      proxy = await createFaultProxy({ target: server.wsUrl });
      const session = await createTestSession(server.httpUrl);
      const poll = await session.createChoicePoll('leak?');
      await session.start();
      await session.activate(poll.pollId);
      for (let i = 0; i < CLIENTS; i++) {
        const person = await session.join();
        clients.push(
          observeClient({
            url: proxy.url,
            token: person.token,
            participantId: person.participantId,
            backoff: { minDelayMs: 10, maxDelayMs: 50 },
          }),
        );
      }
      await waitUntil(() => clients.every((c) => c.client.status === 'open'), 10_000, 'open');
      proxy.cut();
      await waitUntil(
        () => clients.every((c) => c.client.status === 'open' && c.statuses.some((s) => s.status === 'reconnecting')),
        10_000,
        'reopen',
      );
      await Promise.all(
        clients.map((c) =>
          c.client.submitVote({ pollId: poll.pollId, voteData: { selectedOptionIds: [optionIds(poll)[0]!] } }),
        ),
      );
      const peak = server.hub.connectionCount();
      const peakParticipants = server.hub.participantCount(session.sessionId);
      for (const c of clients) c.close();
      await waitUntil(() => server.hub.connectionCount() === 0, 10_000, 'connections released');
      await proxy.close();
      proxy = undefined;
      const port = Number(new URL(server.httpUrl).port);
      await waitUntil(() => serverSockets(port) === 0, 10_000, 'server-side sockets closed');
      const idle = delta(resources(), listening);
      expect(server.hub.connectionCount()).toBe(0);
      expect(server.hub.connectionCount(session.sessionId)).toBe(0);
      expect(server.hub.participantCount(session.sessionId)).toBe(0);
      // No timer per connection or room is left (the HTTP client's keep-alive sockets may still be open).
      expect(idle.Timeout ?? 0).toBeLessThanOrEqual(0);
      await server.close();
      await sleep(100);
      const after = delta(resources(), baseline);
      // Timers of the test runner itself may have ended meanwhile: only growth is a leak.
      if ((after.Timeout ?? 0) < 0) delete after.Timeout;
      reportFigures('no-leaks', {
        clients: CLIENTS,
        peakConnections: peak,
        peakParticipants,
        connectionsAfter: server.hub.connectionCount(),
        serverSocketsAfterLeave: serverSockets(Number(new URL(server.httpUrl).port)),
        timersAfterLeave: Math.max(0, idle.Timeout ?? 0),
        handlesAfterClose: JSON.stringify(after),
      });
      expect(after).toEqual({});
    } finally {
      for (const c of clients) c.close();
      await proxy?.close();
      await server.close().catch(() => undefined);
    }
  });
});
