import { type Socket, io } from 'socket.io-client';
import type { ClientDriver } from '../driver.js';

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/**
 * socket.io-client over the websocket transport, no automatic reconnection (the harness decides when). `drop`
 * closes the engine under the socket (a transport loss, which connection-state recovery keeps a session for);
 * `resume` reconnects the same socket, which sends its session id and last offset.
 */
export const socketIoDriver: ClientDriver = async ({ url, onEvent }) => {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  socket.on('vote:accepted', (envelope: { seq: number }) => onEvent(envelope.seq));
  await connected(socket);
  return {
    drop() {
      return new Promise((resolve) => {
        socket.once('disconnect', () => resolve());
        socket.io.engine.close();
      });
    },
    async resume() {
      const done = connected(socket);
      socket.connect();
      await done;
      return { recovered: socket.recovered };
    },
    close: () => socket.disconnect(),
  };
};
