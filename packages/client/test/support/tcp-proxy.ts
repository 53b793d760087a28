import { createServer, type Server, type Socket, connect } from 'node:net';

export interface TcpProxy {
  /** `host:port` the proxy listens on. */
  readonly port: number;
  /** Destroys every open connection pair (the client sees an abrupt close). */
  cut(): void;
  /** Adds latency to every chunk, both ways, keeping order. */
  setDelay(ms: number): void;
  /**
   * While on, bytes are swallowed both ways and new connections hang: a dead network, not a closed one.
   * Turning it off resets the connections that lost bytes, as TCP eventually would.
   */
  setBlackhole(on: boolean): void;
  readonly connectionCount: number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Lost bytes while black-holed: its streams are corrupt. */
  tainted: boolean;
}

/**
 * An in-process TCP proxy to a local port, for fault injection between a client and a real server.
 *
 * @example
 * const proxy = await startTcpProxy(serverPort);
 * const url = `ws://127.0.0.1:${proxy.port}/ws`;
 * proxy.cut();
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let delayMs = 0;
  let blackhole = false;

  const pipe = (pair: Pair, from: Socket, to: Socket) => {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (blackhole) {
        pair.tainted = true;
        return;
      }
      if (delayMs === 0) {
        chain = chain.then(() => {
          if (!to.destroyed) to.write(chunk);
        });
        return;
      }
      const wait = delayMs;
      chain = chain
        .then(() => new Promise((resolve) => setTimeout(resolve, wait)))
        .then(() => {
          if (blackhole) pair.tainted = true;
          else if (!to.destroyed) to.write(chunk);
        });
    });
  };

  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    const pair: Pair = { client, upstream, tainted: false };
    pairs.add(pair);
    const teardown = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on('error', teardown);
      socket.on('close', teardown);
    }
    pipe(pair, client, upstream);
    pipe(pair, upstream, client);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');

  const cut = () => {
    for (const { client, upstream } of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };

  return {
    port: address.port,
    cut,
    setDelay(ms) {
      delayMs = ms;
    },
    setBlackhole(on) {
      blackhole = on;
      if (on) return;
      for (const pair of [...pairs]) {
        if (!pair.tainted) continue;
        pair.client.destroy();
        pair.upstream.destroy();
        pairs.delete(pair);
      }
    },
    get connectionCount() {
      return pairs.size;
    },
    close() {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
