import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Loopback only, port 0. */
export const BENCH_HOST = '127.0.0.1';

/** An HTTP server listening on 127.0.0.1 and an ephemeral port. */
export async function listenLoopback(server: Server = createServer()): Promise<{ server: Server; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: BENCH_HOST, port: 0, backlog: 4096 }, resolve);
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
