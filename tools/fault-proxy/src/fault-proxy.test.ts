import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { FaultProxyError } from './errors.js';
import { createFaultProxy, type FaultProxy } from './fault-proxy.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A TCP echo server on a free loopback port. */
async function startEcho(): Promise<{ server: Server; url: string }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  return { server, url: `tcp://127.0.0.1:${(server.address() as { port: number }).port}` };
}

/** A proxy in front of a fresh echo server. */
const proxyToEcho = async () => startProxy((await startEcho()).url);

async function startProxy(target: string): Promise<FaultProxy> {
  const proxy = await createFaultProxy({ target });
  closers.push(() => proxy.close());
  return proxy;
}

/** A client socket through the proxy, recording what it reads and how it ended. */
async function dial(proxy: FaultProxy) {
  const socket = connect(proxy.port, proxy.host);
  socket.setNoDelay(true);
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
  });
  const ended = new Promise<{ error?: string }>((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    socket.on('close', () => resolve({}));
  });
  await once(socket, 'connect');
  closers.push(async () => socket.destroy());
  return { socket, ended, received: () => received };
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Dials through `proxy` and expects `text` echoed back: the proxy forwards new connections. */
async function expectEcho(proxy: FaultProxy, text: string): Promise<void> {
  const client = await dial(proxy);
  client.socket.write(text);
  await until(() => client.received() === text, `the echo of ${text}`);
}

// The echo target takes any scheme with an explicit port; `tcp:` has no default port.
describe('createFaultProxy over real sockets', () => {
  it('forwards bytes both ways and points its url at itself', async () => {
    const echo = await startEcho();
    const proxy = await startProxy(echo.url);
    expect(proxy.url).toBe(`tcp://127.0.0.1:${proxy.port}`);
    const client = await dial(proxy);
    client.socket.write('hello');
    await until(() => client.received() === 'hello', 'the echo');
    expect(proxy.connectionCount).toBe(1);
    expect(proxy.accepted).toBe(1);
  });

  it('cut() closes every open connection and lets new ones through', async () => {
    const proxy = await proxyToEcho();
    const first = await dial(proxy);
    const second = await dial(proxy);
    await until(() => proxy.connectionCount === 2, 'two connections');
    proxy.cut();
    await Promise.all([first.ended, second.ended]);
    expect(proxy.connectionCount).toBe(0);
    await expectEcho(proxy, 'again');
  });

  it('blackhole() swallows bytes without closing; heal() resets the connections that lost bytes', async () => {
    const proxy = await proxyToEcho();
    const quiet = await dial(proxy);
    const talker = await dial(proxy);
    await until(() => proxy.connectionCount === 2, 'two connections');
    proxy.blackhole();
    talker.socket.write('lost');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(talker.received()).toBe('');
    expect(talker.socket.destroyed).toBe(false);
    proxy.heal();
    await talker.ended;
    quiet.socket.write('still here');
    await until(() => quiet.received() === 'still here', 'the untouched connection to work');
  });

  it('refuse() cuts open connections and resets new ones until heal()', async () => {
    const proxy = await proxyToEcho();
    const open = await dial(proxy);
    proxy.refuse();
    await open.ended;
    const refused = connect(proxy.port, proxy.host);
    const outcome = await new Promise<string>((resolve) => {
      refused.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      refused.on('close', () => resolve('closed'));
    });
    expect(['ECONNRESET', 'closed']).toContain(outcome);
    expect(proxy.accepted).toBe(2);
    proxy.heal();
    await expectEcho(proxy, 'back');
  });

  it('delay(ms) keeps the byte order', async () => {
    const proxy = await proxyToEcho();
    const client = await dial(proxy);
    proxy.delay(20);
    for (const part of ['a', 'b', 'c']) client.socket.write(part);
    proxy.delay(0);
    client.socket.write('d');
    await until(() => client.received().length === 4, 'four bytes');
    expect(client.received()).toBe('abcd');
  });

  it('cutAfterServerFrames(n) lets exactly n WebSocket messages through on the next connection only', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(wss, 'listening');
    closers.push(() => new Promise((resolve) => wss.close(resolve)));
    wss.on('connection', (ws) => {
      for (let i = 1; i <= 5; i++) ws.send(`m${i}`);
    });
    const proxy = await startProxy(`ws://127.0.0.1:${(wss.address() as { port: number }).port}/ws`);
    const receive = async () => {
      const ws = new WebSocket(proxy.url);
      const messages: string[] = [];
      ws.on('message', (data) => messages.push(data.toString()));
      ws.on('error', () => undefined);
      const [code] = (await once(ws, 'close')) as [number];
      return { messages, code };
    };
    const openFor = async () => {
      const ws = new WebSocket(proxy.url);
      const messages: string[] = [];
      ws.on('message', (data) => messages.push(data.toString()));
      await until(() => messages.length === 5, 'all five messages');
      ws.terminate();
      return messages;
    };

    proxy.cutAfterServerFrames(2);
    expect(await receive()).toEqual({ messages: ['m1', 'm2'], code: 1006 });
    expect(await openFor()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    proxy.cutAfterServerFrames(1);
    proxy.cutAfterServerFrames(Number.POSITIVE_INFINITY);
    expect(await openFor()).toHaveLength(5);
  });

  it('rejects with a typed error when it cannot listen', async () => {
    const taken = await proxyToEcho();
    const error = await createFaultProxy({ target: 'tcp://127.0.0.1:1', port: taken.port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultProxyError);
    expect(error).toMatchObject({ code: 'listen_failed' });
    expect((error as Error).cause).toMatchObject({ code: 'EADDRINUSE' });
  });
});
