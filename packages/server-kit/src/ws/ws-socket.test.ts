import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { type PerMessageDeflateOptions, WebSocketServer } from 'ws';
import { buildPollClosed } from '../builders/poll.js';
import { createHub } from '../hub/hub.js';
import type { PollRecord } from '../sessions/records.js';
import { attachWebSocketServer } from './attach.js';
import { createFrameEncoder, WsSocket } from './ws-socket.js';

describe('createFrameEncoder', () => {
  it('encodes a frame sent to many sockets once, and a new frame afresh', () => {
    const encoder = createFrameEncoder();
    const frame = JSON.stringify({ event: 'poll:closed', text: 'naïve ✓' });
    const encoded = encoder.encode(frame);
    expect(encoded.payload.toString('utf8')).toBe(frame);
    expect(encoder.encode(frame)).toBe(encoded);
    const next = JSON.stringify({ event: 'poll:closed', text: 'other' });
    expect(encoder.encode(next).payload.toString('utf8')).toBe(next);
    expect(encoder.encode(frame).payload.toString('utf8')).toBe(frame);
  });

  it('keeps a replay batch encoded across the handshake frames sent between its copies', () => {
    const encoder = createFrameEncoder();
    const batch = JSON.stringify(Array.from({ length: 3 }, (_, seq) => ({ event: 'poll:closed', seq })));
    const encoded = encoder.encode(batch);
    for (let client = 0; client < 5; client++) {
      const handshake = JSON.stringify({ event: 'connection:reconnected', connectionId: `c${client}` });
      expect(encoder.encode(handshake).payload.toString('utf8')).toBe(handshake);
      expect(encoder.encode(batch)).toBe(encoded);
    }
  });

  it('keeps only the most recent frames', () => {
    const encoder = createFrameEncoder(2);
    const first = encoder.encode('a');
    encoder.encode('b');
    expect(encoder.encode('a')).toBe(first);
    encoder.encode('c');
    encoder.encode('d');
    expect(encoder.encode('a')).not.toBe(first);
    expect(encoder.encode('a').payload.toString('utf8')).toBe('a');
  });
});

describe('WsSocket', () => {
  it('delivers a broadcast as a text frame with the exact serialized envelope', async () => {
    const session = '11111111-1111-4111-8111-111111111111';
    const hub = createHub();
    const server = createServer();
    attachWebSocketServer({ hub, server, authenticate: () => ({ sessionId: session, role: 'presenter' }) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // Live events only (no state snapshot): the second frame is the broadcast.
    const client = new WebSocket(`ws://127.0.0.1:${port}/ws?history=0`);
    const frames: { text: string; isBinary: boolean }[] = [];
    const twoFrames = new Promise<void>((resolve) => {
      client.on('message', (data, isBinary) => {
        frames.push({ text: data.toString(), isBinary });
        if (frames.length === 2) resolve();
      });
    });
    await new Promise((resolve) => client.once('open', resolve));
    while (hub.connectionCount(session) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const poll = { pollId: session, sessionId: session } as PollRecord;
    const logged = await hub.broadcast(session, 'poll:closed', buildPollClosed(poll, '2026-01-03T10:00:00.000Z', 3));
    await twoFrames;
    expect(frames[1]).toEqual({ text: logged.frame, isBinary: false });
    client.close();
    await hub.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
});

type Received = { message: string } | { ping: true } | { close: number };

/** A real `ws` server whose one connection is wrapped as the hub wraps it, and a `ws` client recording all it gets. */
async function wrappedConnection(perMessageDeflate: boolean | PerMessageDeflateOptions) {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate });
  const wrapped = new Promise<{ socket: WsSocket; network: Socket }>((resolve) => {
    server.on('upgrade', (request, network: Socket, head) =>
      wss.handleUpgrade(request, network, head, (ws) =>
        resolve({ socket: new WsSocket(ws, createFrameEncoder(), network), network }),
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: perMessageDeflate !== false });
  const received: Received[] = [];
  client.on('message', (data) => received.push({ message: data.toString() }));
  client.on('ping', () => received.push({ ping: true }));
  const closed = new Promise<void>((resolve) =>
    client.on('close', (code) => {
      received.push({ close: code });
      resolve();
    }),
  );
  const { socket, network } = await wrapped;
  await new Promise((resolve) => client.once('open', resolve));
  const stop = async () => {
    client.terminate();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { socket, network, received, closed, client, stop };
}

describe('WsSocket on a real connection', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes frames straight to the network socket, in order with the pings and close that ws sends', async () => {
    const viaWs = vi.spyOn(WebSocket.prototype, 'send');
    const { socket, received, closed, stop } = await wrappedConnection(false);
    const texts = ['{"seq":1}', 'é'.repeat(200), '✓'.repeat(30_000)];
    for (const text of texts) socket.send(text);
    socket.ping();
    socket.send(texts[0]!);
    socket.close(4000, 'done');
    await closed;
    expect(received).toEqual([
      ...texts.map((message) => ({ message })),
      { ping: true },
      { message: texts[0] },
      { close: 4000 },
    ]);
    expect(viaWs).not.toHaveBeenCalled();
    await stop();
  });

  it('counts frames written straight but not yet flushed in bufferedAmount', async () => {
    const { socket, network, stop } = await wrappedConnection(false);
    const text = 'x'.repeat(1 << 20);
    // Enough to fill the kernel's send buffer while the client is not reading.
    for (let i = 0; i < 32 && !network.writableNeedDrain; i++) socket.send(text);
    expect(network.writableNeedDrain).toBe(true);
    expect(socket.bufferedAmount).toBeGreaterThan(0);
    await stop();
  });

  it('sends through ws, compressed, when permessage-deflate was negotiated', async () => {
    const viaWs = vi.spyOn(WebSocket.prototype, 'send');
    const { socket, network, received, client, stop } = await wrappedConnection({ threshold: 0 });
    expect(client.extensions).toContain('permessage-deflate');
    const text = 'a'.repeat(20_000);
    const before = network.bytesWritten;
    socket.send(text);
    await vi.waitFor(() => expect(received).toEqual([{ message: text }]));
    expect(viaWs).toHaveBeenCalledTimes(1);
    expect(network.bytesWritten - before).toBeLessThan(1_000);
    await stop();
  });

  it('leaves a closing socket to ws, which sends nothing after its close frame', async () => {
    const { socket, received, closed, stop } = await wrappedConnection(false);
    socket.send('before');
    socket.close(1000, 'bye');
    expect(() => socket.send('after')).not.toThrow();
    await closed;
    expect(received).toEqual([{ message: 'before' }, { close: 1000 }]);
    await stop();
  });
});
