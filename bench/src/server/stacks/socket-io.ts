import { Server } from 'socket.io';
import { voteAcceptedEnvelope } from '../../fixtures/vote-accepted.js';
import { closeServer, listenLoopback } from '../listen.js';
import type { CreateServerStack } from '../stack.js';

const ROOM = 'session';

/**
 * Socket.IO 4 over the websocket transport only, `io.to(room).emit`; with `replay`, `connectionStateRecovery`
 * (the in-memory adapter keeps every broadcast and replays the missed ones, one packet each).
 */
export const createSocketIoStack: CreateServerStack = async ({ replay }) => {
  const { server, port } = await listenLoopback();
  const io = new Server(server, {
    transports: ['websocket'],
    serveClient: false,
    perMessageDeflate: false,
    maxHttpBufferSize: 64 * 1024,
    ...(replay ? { connectionStateRecovery: { maxDisconnectionDuration: 10 * 60_000, skipMiddlewares: true } } : {}),
  });
  io.on('connection', (socket) => {
    socket.join(ROOM);
  });
  let seq = 0;

  return {
    port,
    connections: () => io.of('/').adapter.rooms.get(ROOM)?.size ?? 0,
    nextSeq: () => seq + 1,
    broadcast() {
      seq++;
      io.to(ROOM).emit('vote:accepted', voteAcceptedEnvelope(seq));
      return seq;
    },
    async close() {
      io.disconnectSockets(true);
      io.close();
      await closeServer(server);
    },
  };
};
