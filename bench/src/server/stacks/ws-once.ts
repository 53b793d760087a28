import { type WebSocket, WebSocketServer } from 'ws';
import { voteAcceptedEnvelope } from '../../fixtures/vote-accepted.js';
import { closeServer, listenLoopback } from '../listen.js';
import type { CreateServerStack } from '../stack.js';

/**
 * The floor: a bare `ws` server that stringifies each event once and sends the same string to every socket.
 * With `replay`, it keeps the serialized frames and sends the ones after `?lastSeq=` to a reconnecting socket,
 * one frame each, before it joins the room.
 */
export const createWsOnceStack: CreateServerStack = async ({ replay }) => {
  const { server, port } = await listenLoopback();
  const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });
  const room = new Set<WebSocket>();
  const log: string[] = [];
  let seq = 0;

  wss.on('connection', (socket, request) => {
    socket.on('error', () => socket.terminate());
    socket.on('close', () => room.delete(socket));
    const lastSeq = Number(new URL(request.url ?? '/', 'http://bench').searchParams.get('lastSeq'));
    if (replay && lastSeq > 0) for (let s = lastSeq; s < log.length; s++) socket.send(log[s]!);
    room.add(socket);
  });

  return {
    port,
    connections: () => room.size,
    nextSeq: () => seq + 1,
    broadcast() {
      seq++;
      const frame = JSON.stringify(voteAcceptedEnvelope(seq));
      if (replay) log.push(frame);
      for (const socket of room) socket.send(frame);
      return seq;
    },
    async close() {
      for (const socket of room) socket.terminate();
      wss.close();
      await closeServer(server);
    },
  };
};
