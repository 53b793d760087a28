import WebSocket from 'ws';
import type { ClientDriver } from '../driver.js';

function open(url: string, onEvent: (seq: number) => void): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  socket.on('error', () => {}); // a failed connect rejects below; a later error ends in `close`
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { seq?: number };
    if (typeof message.seq === 'number') onEvent(message.seq);
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed before open')));
  });
}

/** A bare `ws` client: JSON.parse, read `seq`. Resumes with `?lastSeq=`. */
export const wsOnceDriver: ClientDriver = async ({ url, onEvent }) => {
  let socket = await open(url, onEvent);
  return {
    drop() {
      return new Promise((resolve) => {
        socket.once('close', () => resolve());
        socket.terminate();
      });
    },
    async resume(lastSeq) {
      socket = await open(`${url}?lastSeq=${lastSeq}`, onEvent);
      return { recovered: true };
    },
    close: () => socket.terminate(),
  };
};
