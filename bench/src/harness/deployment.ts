import { monotonicMs, sleep } from '../clock.js';
import type {
  ClientMethods,
  ClientOutNotices,
  ServerInNotices,
  ServerMethods,
  ServerOutNotices,
} from '../ipc/protocol.js';
import { type Child, spawnChild } from './children.js';
import type { StackDefinition } from './stacks.js';

export interface DeploymentOptions {
  stack: StackDefinition;
  serverFile: string;
  clientFile: string;
  /** Client processes the connections are spread over. @default 2 */
  clientProcesses?: number;
  /** Extra node flags for the server, e.g. `--cpu-prof`. */
  serverExecArgv?: string[];
  /** Extra node flags for every client process. */
  clientExecArgv?: string[];
}

export const DEFAULT_CLIENT_PROCESSES = 2;

/** One server process and its client processes, with the clients' progress relayed to the server. */
export interface Deployment {
  server: Child<ServerMethods, ServerInNotices>;
  clients: Child<ClientMethods, {}>[];
  url: string;
  /**
   * Opens connections until `count` are open, spread over the client processes (a second call adds to the first);
   * resolves when the server has them all.
   */
  connect(count: number, timeoutMs: number): Promise<void>;
  /** Highest seq every connection (of every process) holds. */
  watermark(): number;
  /** Resolves when the watermark reaches `seq`; false on timeout. */
  waitFor(seq: number, timeoutMs: number): Promise<boolean>;
  waitForConnections(count: number, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

function onceReady(server: { process: NodeJS.EventEmitter }, ready: Promise<{ port: number }>) {
  const exit = new Promise<never>((_, reject) => {
    server.process.once('exit', (code) => reject(new Error(`server exited before ready (${code})`)));
  });
  return Promise.race([ready, exit]);
}

/** Spaces the connection indexes (tokens) of the client processes apart. */
const MAX_CONNECTIONS_PER_PROCESS = 1_000_000;

/**
 * Starts a stack's server and client processes.
 *
 * @example
 * const deployment = await startDeployment({ stack, serverFile, clientFile });
 * await deployment.connect(1000, 30_000);
 */
export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
  const processes = options.clientProcesses ?? DEFAULT_CLIENT_PROCESSES;
  let resolveReady!: (ready: { port: number }) => void;
  const ready = new Promise<{ port: number }>((resolve) => {
    resolveReady = resolve;
  });
  const server = spawnChild<ServerMethods, ServerInNotices, ServerOutNotices>({
    file: options.serverFile,
    args: [JSON.stringify(options.stack.options)],
    execArgv: ['--expose-gc', ...(options.serverExecArgv ?? [])],
    onNotice: { ready: resolveReady },
  });
  const watermarks = new Array<number>(processes).fill(0);
  /** Connections opened so far by each client process. */
  const opened = new Array<number>(processes).fill(0);
  let relayed = 0;
  const relay = () => {
    const watermark = Math.min(...watermarks);
    if (watermark > relayed) {
      relayed = watermark;
      server.rpc.notify('progress', { watermark });
    }
  };
  const clients = Array.from({ length: processes }, (_, p) =>
    spawnChild<ClientMethods, {}, ClientOutNotices>({
      file: options.clientFile,
      execArgv: options.clientExecArgv ?? [],
      onNotice: {
        progress: ({ watermark }) => {
          watermarks[p] = watermark;
          relay();
        },
      },
    }),
  );
  const stop = async () => {
    await Promise.all([server.stop(), ...clients.map((c) => c.stop())]);
  };
  try {
    const { port } = await onceReady(server, ready);
    const url = options.stack.url(port);
    const until = async (done: () => Promise<boolean> | boolean, timeoutMs: number) => {
      const deadline = monotonicMs() + timeoutMs;
      while (!(await done())) {
        if (monotonicMs() > deadline) return false;
        await sleep(10);
      }
      return true;
    };
    const deployment: Deployment = {
      server,
      clients,
      url,
      async connect(count, timeoutMs) {
        const share = Math.ceil(count / processes);
        await Promise.all(
          clients.map((client, p) => {
            const n = Math.max(0, Math.min(share, count - p * share) - opened[p]!);
            const firstIndex = p * MAX_CONNECTIONS_PER_PROCESS + opened[p]!;
            opened[p]! += n;
            return client.rpc.request('connect', { url, count: n, firstIndex, concurrency: 50 }, timeoutMs);
          }),
        );
        if (!(await deployment.waitForConnections(count, timeoutMs))) {
          throw new Error(`${options.stack.name}: the server did not see ${count} connections in ${timeoutMs} ms`);
        }
      },
      watermark: () => Math.min(...watermarks),
      waitFor: (seq, timeoutMs) => until(() => Math.min(...watermarks) >= seq, timeoutMs),
      waitForConnections: (count, timeoutMs) =>
        until(async () => (await server.rpc.request('status', undefined)).connections === count, timeoutMs),
      stop,
    };
    return deployment;
  } catch (error) {
    await stop();
    throw error;
  }
}
