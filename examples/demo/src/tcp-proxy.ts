import { connect, createServer, type Socket } from 'node:net';

/** A loopback TCP proxy in front of the server that can drop its connections, like a lost network. */
export interface TcpProxy {
  /** `127.0.0.1:<port>` the client connects to. */
  readonly port: number;
  /** Destroys every open connection, both ways, without a close handshake. */
  cut(): void;
  /** While offline, new connections are refused (destroyed on accept); `true` also cuts the open ones. */
  setOffline(offline: boolean): void;
  close(): Promise<void>;
}

/**
 * Starts a proxy to `targetPort` on 127.0.0.1.
 *
 * @example
 * const proxy = await createTcpProxy({ targetPort: 8080 });
 * const client = createPollwireClient({ url: `ws://127.0.0.1:${proxy.port}/ws`, token, WebSocket });
 * proxy.setOffline(true); // the client loses its socket and cannot reconnect until setOffline(false)
 */
export async function createTcpProxy(options: { targetPort: number; host?: string }): Promise<TcpProxy> {
  const host = options.host ?? '127.0.0.1';
  const open = new Set<Socket>();
  let offline = false;
  const server = createServer((inbound) => {
    if (offline) return void inbound.destroy();
    const outbound = connect(options.targetPort, host);
    for (const socket of [inbound, outbound]) {
      open.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        open.delete(socket);
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');

  const cut = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    port: address.port,
    cut,
    setOffline(next) {
      offline = next;
      if (next) cut();
    },
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}
