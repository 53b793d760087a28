import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createGatedSockets, createSocketGate } from './gated-socket.js';

const ROOM_FRAME = JSON.stringify({ event: 'vote:accepted', seq: 7, payload: {} });
const UNICAST_FRAME = JSON.stringify({ event: 'connection:heartbeat', payload: {} });

let server: WebSocketServer | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A real loopback `ws` server that sends a room frame and then a unicast frame to each connection. */
async function serveTwoFrames(): Promise<string> {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket) => {
    socket.send(ROOM_FRAME);
    socket.send(UNICAST_FRAME);
  });
  await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Opens one gated socket and collects what reaches its `onmessage` until the unicast frame arrives. */
async function receive(url: string, tap?: (seq: number) => void): Promise<unknown[]> {
  const sockets = createGatedSockets(createSocketGate(), tap);
  const socket = new sockets.WebSocket(url);
  const seen: unknown[] = [];
  await new Promise<void>((resolve) => {
    socket.onmessage = (event) => {
      seen.push(event.data);
      if (event.data === UNICAST_FRAME) resolve();
    };
  });
  sockets.terminate();
  return seen;
}

describe('gated sockets', () => {
  it('hand every frame to the client as text', async () => {
    expect(await receive(await serveTwoFrames())).toEqual([ROOM_FRAME, UNICAST_FRAME]);
  });

  it('with a tap, stop room frames at the socket and hand their seq to the tap', async () => {
    const tapped: number[] = [];
    const seen = await receive(await serveTwoFrames(), (seq) => tapped.push(seq));
    expect(tapped).toEqual([7]);
    expect(seen).toEqual([UNICAST_FRAME]);
  });
});
