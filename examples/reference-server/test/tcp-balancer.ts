import { createServer, type Socket, connect as tcpConnect } from 'node:net';

/** A backend of the balancer: where it sends connections, and where it checks readiness. */
export interface BalancedNode {
  /** e.g. `http://127.0.0.1:41234`: connections go to its host and port, checks to `${httpUrl}/readyz`. */
  httpUrl: string;
}

export interface TcpBalancerOptions {
  nodes: readonly BalancedNode[];
  /** How often each node's `/readyz` is checked. @default 100 */
  checkIntervalMs?: number;
  /** A check slower than this fails. @default 500 */
  checkTimeoutMs?: number;
}

export interface TcpBalancer {
  /** e.g. `http://127.0.0.1:41300`; the WebSocket endpoint is `ws://…/ws`. */
  httpUrl: string;
  wsUrl: string;
  /** Whether the last check of `nodes[index]` passed. */
  isReady(index: number): boolean;
  /** Connections open now, through to `nodes[index]`. */
  openTo(index: number): number;
  /** Connections sent to `nodes[index]` so far. */
  sentTo(index: number): number;
  /** Connections refused because no node was ready. */
  readonly refused: number;
  /** Stops checking, destroys every connection, stops listening. */
  close(): Promise<void>;
}

/**
 * A TCP load balancer in front of reference-server nodes, as HAProxy with HTTP health checks (`inter`, `fall 1`,
 * `rise 1`): each node's `/readyz` is polled; each new connection goes to the next ready node, round-robin; open
 * connections are never moved (a node that stops being ready keeps its sockets until it closes them). Starts with
 * every node not ready, and resolves after the first round of checks.
 */
export async function startTcpBalancer(options: TcpBalancerOptions): Promise<TcpBalancer> {
  const { nodes } = options;
  const checkIntervalMs = options.checkIntervalMs ?? 100;
  const checkTimeoutMs = options.checkTimeoutMs ?? 500;
  const targets = nodes.map((node) => {
    const url = new URL(node.httpUrl);
    return { host: url.hostname, port: Number(url.port), readyUrl: `${node.httpUrl}/readyz` };
  });
  const ready = nodes.map(() => false);
  const open = nodes.map(() => new Set<Socket>());
  const sent = nodes.map(() => 0);
  const sockets = new Set<Socket>();
  let refused = 0;
  let next = 0;
  let stopped = false;

  const check = async (index: number) => {
    const target = targets[index]!;
    try {
      const response = await fetch(target.readyUrl, { signal: AbortSignal.timeout(checkTimeoutMs) });
      await response.arrayBuffer();
      ready[index] = response.status === 200;
    } catch {
      ready[index] = false;
    }
  };
  const checkAll = () => Promise.all(nodes.map((_, index) => check(index)));
  await checkAll();
  const checker = setInterval(() => void checkAll(), checkIntervalMs);

  const pick = (): number | undefined => {
    for (let i = 0; i < nodes.length; i++) {
      const index = (next + i) % nodes.length;
      if (ready[index]) {
        next = index + 1;
        return index;
      }
    }
    return undefined;
  };

  const server = createServer((downstream) => {
    sockets.add(downstream);
    downstream.once('close', () => sockets.delete(downstream));
    downstream.on('error', () => downstream.destroy());
    const index = stopped ? undefined : pick();
    if (index === undefined) {
      refused++;
      downstream.destroy();
      return;
    }
    const target = targets[index]!;
    const upstream = tcpConnect(target.port, target.host);
    sent[index] = (sent[index] ?? 0) + 1;
    open[index]!.add(upstream);
    sockets.add(upstream);
    upstream.once('close', () => {
      open[index]!.delete(upstream);
      sockets.delete(upstream);
      downstream.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    downstream.once('close', () => upstream.destroy());
    // Half-closes pass through (an HTTP `connection: close` ends one way first).
    downstream.pipe(upstream);
    upstream.pipe(downstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const httpUrl = `http://127.0.0.1:${port}`;

  return {
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    isReady: (index) => ready[index] ?? false,
    openTo: (index) => open[index]?.size ?? 0,
    sentTo: (index) => sent[index] ?? 0,
    get refused() {
      return refused;
    },
    async close() {
      stopped = true;
      clearInterval(checker);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
