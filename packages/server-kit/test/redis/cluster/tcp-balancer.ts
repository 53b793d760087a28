import { createConnection, createServer, type Socket } from 'node:net';

/** A loopback TCP load balancer: round-robin over targets, skipping those that refuse connections. */
export interface TcpBalancer {
  /** e.g. `127.0.0.1:41234` */
  readonly host: string;
  close(): Promise<void>;
}

export async function startTcpBalancer(targets: readonly { host: string; port: number }[]): Promise<TcpBalancer> {
  const sockets = new Set<Socket>();
  let next = 0;

  const pipeTo = (client: Socket, attempt: number) => {
    if (attempt >= targets.length) {
      client.destroy();
      return;
    }
    const target = targets[next++ % targets.length]!;
    const upstream = createConnection(target);
    let connected = false;
    upstream.once('error', () => {
      if (!connected) pipeTo(client, attempt + 1);
    });
    upstream.once('connect', () => {
      connected = true;
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
  };

  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    pipeTo(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    host: `127.0.0.1:${port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
