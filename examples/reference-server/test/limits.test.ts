import type { Socket } from 'node:net';
import { CLOSE_CODES } from '@pollwire/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Scenario, startScenario, type TestClient } from './harness.js';

let scenario: Scenario;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await scenario?.server.close();
});

describe('heartbeat', () => {
  it('sends connection:heartbeat and pings, and terminates a socket silent for two intervals', async () => {
    scenario = await startScenario({ heartbeatIntervalMs: 100 });
    const alive = await connect(scenario.ws(scenario.presenterToken));
    const silent = await connect(scenario.ws(scenario.presenterToken), { autoPong: false });
    const chatty = await connect(scenario.ws(scenario.presenterToken), { autoPong: false });
    clients.push(alive, chatty);
    let pings = 0;
    alive.ws.on('ping', () => pings++);
    const beat = setInterval(
      () => chatty.send({ event: 'connection:heartbeat', payload: { timestamp: new Date().toISOString() } }),
      40,
    );
    try {
      const closed = await silent.closed;
      expect(closed.code).toBe(1006);
      await alive.next((m) => m.event === 'connection:heartbeat');
      const established = alive.messages[0]!;
      expect(established.payload).toMatchObject({ heartbeatIntervalMs: 100 });
      expect(pings).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(scenario.server.hub.connectionCount(scenario.sessionId)).toBe(2);
    } finally {
      clearInterval(beat);
    }
  });
});

describe('slow consumers', () => {
  it('closes a socket that stops reading with 4409 once its buffer passes the cap; others keep receiving', async () => {
    scenario = await startScenario({ maxBufferedBytes: 64 * 1024 });
    const reader = await connect(scenario.ws(scenario.presenterToken));
    const stalled = await connect(scenario.ws(scenario.presenterToken));
    clients.push(reader);
    await stalled.next((m) => m.event === 'connection:established');
    (stalled.ws as unknown as { _socket: Socket })._socket.pause();
    const { hub } = scenario.server;
    const options = Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(200, 'x'));
    let produced = 0;
    while (hub.connectionCount(scenario.sessionId) === 2 && produced < 5000) {
      await scenario.server.pollwire.service.createPoll(scenario.sessionId, {
        question: 'q'.repeat(500),
        pollType: 'multiple_choice',
        options,
      });
      produced++;
      // Let the event loop write to the sockets, as a real server between requests would.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(hub.connectionCount(scenario.sessionId)).toBe(1);
    (stalled.ws as unknown as { _socket: Socket })._socket.resume();
    expect((await stalled.closed).code).toBe(CLOSE_CODES.slowConsumer);
    await reader.next((m) => m.seq === produced + 1, 0, 10_000);
  });
});
