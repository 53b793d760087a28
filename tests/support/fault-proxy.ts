import { connect, createServer, type Server, type Socket } from 'node:net';

/** Fault injection between WebSocket clients and a server: cut, delay, black-hole, cut after N server frames. */
export interface FaultProxy {
  readonly port: number;
  /** Destroys every open connection pair now (both ends see an abrupt close, no close frame). */
  cut(): void;
  /** Latency added to every chunk, both ways, order kept. */
  setDelay(ms: number): void;
  /**
   * While on, bytes are swallowed both ways and new connections hang (no FIN, no RST): a dead network.
   * Turning it off resets the connections that lost bytes, as TCP eventually would.
   */
  setBlackhole(on: boolean): void;
  /**
   * The next new connection is cut right after the server's `frames`-th WebSocket frame reaches the client
   * (`1`: the client gets `connection:established` and nothing else).
   */
  armFrameCut(frames: number): void;
  readonly connectionCount: number;
  /** Connections accepted since start. */
  readonly accepted: number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  tainted: boolean;
  /** Server frames still to deliver before the cut (`undefined`: no cut armed). */
  framesLeft: number | undefined;
  /** Unparsed downstream bytes (HTTP head, then partial frames). */
  parse: Buffer;
  headDone: boolean;
}

/** Length of the first complete server frame in `buffer`, or `undefined` if incomplete. */
function frameLength(buffer: Buffer): number | undefined {
  if (buffer.length < 2) return undefined;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  if (buffer[1]! & 0x80) offset += 4;
  return buffer.length >= offset + length ? offset + length : undefined;
}

/**
 * How many bytes of `chunk` to forward before the armed cut, or `undefined` to forward all of it.
 * Parses the HTTP 101 head, then whole frames, across chunk boundaries.
 */
function cutPoint(pair: Pair, chunk: Buffer): number | undefined {
  if (pair.framesLeft === undefined) return undefined;
  const before = pair.parse.length;
  pair.parse = Buffer.concat([pair.parse, chunk]);
  let consumed = 0;
  if (!pair.headDone) {
    const end = pair.parse.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    pair.headDone = true;
    consumed = end + 4;
  }
  for (;;) {
    const length = frameLength(pair.parse.subarray(consumed));
    if (length === undefined) break;
    consumed += length;
    pair.framesLeft -= 1;
    if (pair.framesLeft <= 0) return consumed - before;
  }
  pair.parse = pair.parse.subarray(consumed);
  return undefined;
}

/**
 * Starts an in-process TCP proxy to `127.0.0.1:targetPort`.
 *
 * @example
 * const proxy = await startFaultProxy(serverPort);
 * proxy.armFrameCut(1); // the next client is cut after connection:established
 */
export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  let delayMs = 0;
  let blackhole = false;
  let armed: number | undefined;
  let accepted = 0;

  const teardown = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream.destroy();
  };

  const pipe = (pair: Pair, from: Socket, to: Socket, downstream: boolean) => {
    let chain = Promise.resolve();
    const forward = (chunk: Buffer) => {
      if (to.destroyed) return;
      if (blackhole) {
        pair.tainted = true;
        return;
      }
      const cut = downstream ? cutPoint(pair, chunk) : undefined;
      if (cut === undefined) {
        to.write(chunk);
        return;
      }
      to.write(chunk.subarray(0, cut), () => teardown(pair));
      pair.framesLeft = undefined;
      from.pause();
    };
    from.on('data', (chunk: Buffer) => {
      if (blackhole) {
        pair.tainted = true;
        return;
      }
      const wait = delayMs;
      chain = chain.then(async () => {
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        forward(chunk);
      });
    });
  };

  const server: Server = createServer((client) => {
    accepted += 1;
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: Pair = { client, upstream, tainted: false, framesLeft: armed, parse: Buffer.alloc(0), headDone: false };
    armed = undefined;
    pairs.add(pair);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on('error', () => teardown(pair));
      socket.on('close', () => teardown(pair));
    }
    pipe(pair, client, upstream, false);
    pipe(pair, upstream, client, true);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');

  const cut = () => {
    for (const pair of [...pairs]) teardown(pair);
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
      for (const pair of [...pairs]) if (pair.tainted) teardown(pair);
    },
    armFrameCut(frames) {
      armed = Math.max(1, frames);
    },
    get connectionCount() {
      return pairs.size;
    },
    get accepted() {
      return accepted;
    },
    close() {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
