import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { attachWebSocketServer, createHub, type Hub } from '../src/index.js';
import { createTestMeter } from './support/test-meter.js';

const SESSION = '11111111-1111-4111-8111-111111111111';

let server: Server | undefined;
let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(setup: (server: Server) => void): Promise<string> {
  server = createServer((_request, response) => response.end('http'));
  setup(server);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const statusOf = (url: string, headers: Record<string, string> = {}) =>
  new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', reject);
  });

describe('attachWebSocketServer', () => {
  it('uses a caller-provided noServer WebSocketServer, a custom path and an origin predicate', async () => {
    hub = createHub();
    const wss = new WebSocketServer({ noServer: true });
    const seen: string[] = [];
    const base = await listen((http) =>
      attachWebSocketServer({
        hub: hub!,
        server: http,
        wss,
        path: '/realtime',
        allowedOrigins: (origin) => origin?.endsWith('.example') ?? false,
        authenticate: (_request, url) => {
          seen.push(url.searchParams.get('token') ?? '');
          return url.searchParams.get('token') === 'ok' ? { sessionId: SESSION, role: 'presenter' } : undefined;
        },
      }),
    );
    expect(await statusOf(`${base}/realtime?token=ok`, { origin: 'https://a.example' })).toBe(101);
    expect(await statusOf(`${base}/realtime?token=ok`, { origin: 'https://a.test' })).toBe(403);
    expect(await statusOf(`${base}/realtime?token=no`, { origin: 'https://a.example' })).toBe(401);
    expect(await statusOf(`${base}/ws?token=ok`, { origin: 'https://a.example' })).toBe(404);
    expect(seen).toEqual(['ok', 'no']);
  });

  it('leaves other paths to other upgrade listeners and answers 503 when authentication hits an unavailable store', async () => {
    hub = createHub();
    const other = new WebSocketServer({ noServer: true });
    const base = await listen((http) => {
      attachWebSocketServer({
        hub: hub!,
        server: http,
        authenticate: () => {
          throw Object.assign(new Error('down'), { code: 'unavailable' });
        },
      });
      http.on('upgrade', (request, socket, head) => {
        if (request.url?.startsWith('/other')) other.handleUpgrade(request, socket, head, (ws) => ws.close());
      });
    });
    expect(await statusOf(`${base}/other`)).toBe(101);
    expect(await statusOf(`${base}/ws?token=x`)).toBe(503);
  });

  it('refuses upgrades with 503 once the hub drains, and counts and logs every refusal by status and reason', async () => {
    const meter = createTestMeter();
    const logged: object[] = [];
    const log = (entry: object) => void logged.push(entry);
    hub = createHub({ meterProvider: meter.meterProvider, logger: { info: log, warn: log, error: log } });
    const base = await listen((http) =>
      attachWebSocketServer({
        hub: hub!,
        server: http,
        authenticate: (_request, url) =>
          url.searchParams.get('token') === 'ok' ? { sessionId: SESSION, role: 'presenter' } : undefined,
      }),
    );
    expect(await statusOf(`${base}/ws?token=ok`)).toBe(101);
    expect(await statusOf(`${base}/ws?token=secret-but-wrong`)).toBe(401);
    await hub.drain();
    expect(await statusOf(`${base}/ws?token=ok`)).toBe(503);

    const refusals = (reason: string, status: number) =>
      meter.value('pollwire.server.connection.refusals', {
        'pollwire.refusal.reason': reason,
        'http.response.status_code': status,
      });
    expect(await refusals('unauthorized', 401)).toBe(1);
    expect(await refusals('draining', 503)).toBe(1);
    expect(logged).toEqual([
      { event: 'pollwire.connection_refused', status: 401, reason: 'unauthorized' },
      { event: 'pollwire.connection_refused', status: 503, reason: 'draining' },
    ]);
    expect(JSON.stringify(logged)).not.toContain('secret-but-wrong');
    await meter.shutdown();
  });
});
