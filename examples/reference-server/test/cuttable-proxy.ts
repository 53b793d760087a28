import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

/** A TCP proxy whose link can be cut (every connection dropped, new ones refused) and restored, on one port. */
export interface CuttableProxy {
  /** e.g. `redis://127.0.0.1:41300` for a `redis://` target: the target's URL with the proxy's host and port. */
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link CuttableProxy} in front of `target` (a URL with a host and port, e.g. `redis://127.0.0.1:6379`). */
export async function startCuttableProxy(target: string): Promise<CuttableProxy> {
  const to = new URL(target);
  const sockets = new Set<Socket>();
  let listener: Server | undefined;
  let port = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const listen = async () => {
    const server = createServer((downstream) => {
      const upstream = tcpConnect(Number(to.port), to.hostname);
      track(downstream);
      track(upstream);
      downstream.once('close', () => upstream.destroy());
      upstream.once('close', () => downstream.destroy());
      downstream.pipe(upstream);
      upstream.pipe(downstream);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    listener = server;
  };
  const stop = async () => {
    const server = listener;
    listener = undefined;
    for (const socket of sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  await listen();
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), cut: stop, restore: listen, close: stop };
}
