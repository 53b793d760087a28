import { connect, createServer, type Server, type Socket } from 'node:net';
import { FaultProxyError } from './errors.js';
import { FAULT_PROXY_DEFAULTS, type FaultProxyOptions } from './options.js';
import { parseTarget } from './target.js';
import { createFrameCounter, type FrameCounter } from './websocket-frames.js';

/** A running fault proxy: the network between a client and one server, with faults on demand. */
export interface FaultProxy {
  /** Interface the proxy listens on. */
  readonly host: string;
  /** Port the proxy listens on. */
  readonly port: number;
  /** The target URL pointed at the proxy: what a client connects to instead (`ws://127.0.0.1:<port>/ws`). */
  readonly url: string;
  /** Connections open through the proxy now. */
  readonly connectionCount: number;
  /** Connections the proxy accepted since it started, refused ones included. */
  readonly accepted: number;
  /** Destroys every open connection, both ends, now: an abrupt close (FIN, no close handshake). */
  cut(): void;
  /** Latency added to every chunk, both ways, order kept; `0` removes it. Applies to chunks read from now on. */
  delay(ms: number): void;
  /**
   * A dead network, not a closed one: bytes are swallowed both ways and new connections hang (no FIN, no RST).
   * {@link heal} ends it and resets the connections that lost bytes, as TCP eventually would.
   */
  blackhole(): void;
  /** A server that is down: cuts the open connections and resets new ones as soon as they are accepted. */
  refuse(): void;
  /** Ends {@link blackhole} or {@link refuse}: connections are forwarded again. Latency stays as set. */
  heal(): void;
  /**
   * Cuts the next connection the proxy accepts right after the server's `frames`-th WebSocket frame reached the
   * client (the HTTP upgrade response does not count): `1` lets through `connection:established` and nothing
   * else. Arms one connection; `Infinity` disarms.
   */
  cutAfterServerFrames(frames: number): void;
  /** Cuts every connection and stops listening. */
  close(): Promise<void>;
}

type Mode = 'forward' | 'blackhole' | 'refuse';

interface Link {
  client: Socket;
  upstream: Socket;
  /** Lost bytes while black-holed: its streams are corrupt. */
  tainted: boolean;
  /** Set while a frame cut is armed for this connection. */
  frames: FrameCounter | undefined;
}

/**
 * Starts an in-process TCP proxy in front of `target`, for fault injection between a client and a real server.
 *
 * @example
 * const proxy = await createFaultProxy({ target: server.wsUrl });
 * const client = createPollwireClient({ url: proxy.url, token, WebSocket });
 * proxy.blackhole(); // the client's socket stays open but nothing gets through
 * proxy.heal();
 * proxy.cutAfterServerFrames(1); // the next connection dies right after `connection:established`
 * await proxy.close();
 */
export async function createFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = parseTarget(options.target);
  const host = options.host ?? FAULT_PROXY_DEFAULTS.host;
  const links = new Set<Link>();
  let mode: Mode = 'forward';
  let delayMs = 0;
  let armedFrames: number | undefined;
  let accepted = 0;

  const teardown = (link: Link) => {
    links.delete(link);
    link.client.destroy();
    link.upstream.destroy();
  };
  const cut = () => {
    for (const link of [...links]) teardown(link);
  };

  const forward = (link: Link, from: Socket, to: Socket, chunk: Buffer) => {
    if (to.destroyed) return;
    if (mode === 'blackhole') {
      link.tainted = true;
      return;
    }
    const cutAt = to === link.client ? link.frames?.feed(chunk) : undefined;
    if (cutAt === undefined) {
      to.write(chunk);
      return;
    }
    link.frames = undefined;
    from.pause();
    to.write(chunk.subarray(0, cutAt), () => teardown(link));
  };

  const pipe = (link: Link, from: Socket, to: Socket) => {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (mode === 'blackhole') {
        link.tainted = true;
        return;
      }
      const wait = delayMs;
      chain = chain.then(async () => {
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        forward(link, from, to, chunk);
      });
    });
  };

  const server: Server = createServer((client) => {
    accepted += 1;
    if (mode === 'refuse') {
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    const link: Link = {
      client,
      upstream,
      tainted: false,
      frames: armedFrames === undefined ? undefined : createFrameCounter(armedFrames),
    };
    armedFrames = undefined;
    links.add(link);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on('error', () => teardown(link));
      socket.on('close', () => teardown(link));
    }
    pipe(link, client, upstream);
    pipe(link, upstream, client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(new FaultProxyError('listen_failed', `fault proxy cannot listen on ${host}`, { cause })),
    );
    server.listen(options.port ?? FAULT_PROXY_DEFAULTS.port, host, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new FaultProxyError('listen_failed', 'fault proxy has no TCP port');
  }
  const port = address.port;

  return {
    host,
    port,
    url: target.proxiedUrl(host, port),
    get connectionCount() {
      return links.size;
    },
    get accepted() {
      return accepted;
    },
    cut,
    delay(ms) {
      delayMs = Math.max(0, ms);
    },
    blackhole() {
      mode = 'blackhole';
    },
    refuse() {
      mode = 'refuse';
      cut();
    },
    heal() {
      mode = 'forward';
      for (const link of [...links]) if (link.tainted) teardown(link);
    },
    cutAfterServerFrames(frames) {
      armedFrames = Number.isFinite(frames) ? Math.max(1, Math.floor(frames)) : undefined;
    },
    close() {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
