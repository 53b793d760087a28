import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildPollClosed } from '../builders/poll.js';
import { createHub } from '../hub/hub.js';
import type { PollRecord } from '../sessions/records.js';
import { attachWebSocketServer } from './attach.js';
import { createFrameEncoder } from './ws-socket.js';

describe('createFrameEncoder', () => {
  it('encodes a frame sent to many sockets once, and a new frame afresh', () => {
    const encoder = createFrameEncoder();
    const frame = JSON.stringify({ event: 'poll:closed', text: 'naïve ✓' });
    const bytes = encoder.encode(frame);
    expect(bytes.toString('utf8')).toBe(frame);
    expect(encoder.encode(frame)).toBe(bytes);
    const next = JSON.stringify({ event: 'poll:closed', text: 'other' });
    expect(encoder.encode(next).toString('utf8')).toBe(next);
    expect(encoder.encode(frame).toString('utf8')).toBe(frame);
  });

  it('keeps a replay batch encoded across the handshake frames sent between its copies', () => {
    const encoder = createFrameEncoder();
    const batch = JSON.stringify(Array.from({ length: 3 }, (_, seq) => ({ event: 'poll:closed', seq })));
    const bytes = encoder.encode(batch);
    for (let client = 0; client < 5; client++) {
      const handshake = JSON.stringify({ event: 'connection:reconnected', connectionId: `c${client}` });
      expect(encoder.encode(handshake).toString('utf8')).toBe(handshake);
      expect(encoder.encode(batch)).toBe(bytes);
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
    expect(encoder.encode('a').toString('utf8')).toBe('a');
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
    const client = new WebSocket(`ws://127.0.0.1:${port}/ws`);
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
