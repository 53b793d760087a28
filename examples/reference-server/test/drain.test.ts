import { randomBytes } from 'node:crypto';
import { connect as tcpConnect, type Socket } from 'node:net';
import { CLOSE_CODES } from '@pollwire/contracts';
import { upgradeStatus } from '@pollwire/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { DRAIN_DEFAULTS } from '../src/drain.js';
import { connect, type Scenario, startScenario, type TestClient } from './harness.js';

/** Upgrades a raw TCP socket to a WebSocket, then never reads a frame nor answers a close: a client gone silent. */
async function silentClient(wsUrl: string): Promise<Socket> {
  const url = new URL(wsUrl);
  const socket = tcpConnect(Number(url.port), url.hostname);
  socket.on('error', () => undefined);
  socket.write(
    `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('data', (chunk: Buffer) =>
      chunk.toString().startsWith('HTTP/1.1 101') ? resolve() : reject(new Error(chunk.toString())),
    );
  });
  socket.pause();
  return socket;
}

const readyz = async (scenario: Scenario) => {
  const response = await fetch(scenario.server.readyUrl);
  return { status: response.status, body: (await response.json()) as { status: string } };
};

let scenario: Scenario | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await scenario?.server.close();
  scenario = undefined;
});
const open = async (s: Scenario, token: string) => {
  const client = await connect(s.ws(token));
  clients.push(client);
  await client.next((m) => m.event === 'connection:established');
  return client;
};

describe('ReferenceServer.drain()', () => {
  it('has defaults that fit a 30 s grace period: no delay, 1 s spread, 10 s for the sockets to go', () => {
    expect(DRAIN_DEFAULTS).toEqual({ delayMs: 0, spreadMs: 1_000, timeoutMs: 10_000 });
  });

  it('fails /readyz at once, still upgrades during delayMs, then closes every socket with 1012', async () => {
    scenario = await startScenario();
    const s = scenario;
    const before = await open(s, s.presenterToken);
    const started = performance.now();
    const drained = s.server.drain({ delayMs: 300, spreadMs: 0 });
    expect(await readyz(s)).toEqual({ status: 503, body: { status: 'draining' } });
    // The load balancer has not seen the failed readiness yet: a client it still sends here is taken.
    const during = await open(s, s.presenterToken);
    expect(s.server.hub.draining).toBe(false);
    for (const client of [before, during]) {
      expect(await client.closed).toMatchObject({ code: CLOSE_CODES.serviceRestart });
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    await drained;
  });

  it('refuses upgrades with 503 once the sockets are being closed', async () => {
    scenario = await startScenario();
    const s = scenario;
    // A client that never answers the close keeps the drain waiting, and the server listening.
    const silent = await silentClient(s.ws(s.presenterToken));
    const drained = s.server.drain({ spreadMs: 0, timeoutMs: 1_000 });
    expect(await upgradeStatus(s.ws(s.presenterToken))).toBe(503);
    await drained;
    silent.destroy();
  });

  it('resolves as soon as the clients left, and closes the server', async () => {
    scenario = await startScenario();
    const s = scenario;
    const left = await Promise.all([open(s, s.presenterToken), open(s, (await s.join()).token)]);
    const started = performance.now();
    await s.server.drain({ spreadMs: 0, timeoutMs: 5_000 });
    expect(performance.now() - started).toBeLessThan(1_000);
    for (const client of left) expect((await client.closed).code).toBe(CLOSE_CODES.serviceRestart);
    await expect(fetch(s.server.healthUrl)).rejects.toThrow();
  });

  it('spreads the 1012 closes over spreadMs', async () => {
    scenario = await startScenario();
    const s = scenario;
    const people = await Promise.all(Array.from({ length: 8 }, () => s.join()));
    const sockets = await Promise.all(people.map((p) => open(s, p.token)));
    const closedAt: number[] = [];
    for (const client of sockets) void client.closed.then(() => closedAt.push(performance.now()));
    await s.server.drain({ spreadMs: 400 });
    expect(closedAt).toHaveLength(sockets.length);
    expect(Math.max(...closedAt) - Math.min(...closedAt)).toBeGreaterThan(200);
  });

  it('cuts the sockets whose clients never answer the close after timeoutMs, then closes', async () => {
    scenario = await startScenario();
    const s = scenario;
    const silent = await silentClient(s.ws(s.presenterToken));
    const gone = new Promise<void>((resolve) => silent.once('close', () => resolve()));
    const started = performance.now();
    await s.server.drain({ spreadMs: 0, timeoutMs: 300 });
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2_000);
    silent.resume();
    await gone;
  });

  it('returns the same drain when called again', async () => {
    scenario = await startScenario();
    const s = scenario;
    const first = s.server.drain({ spreadMs: 0 });
    expect(s.server.drain({ delayMs: 10_000 })).toBe(first);
    await first;
  });
});
