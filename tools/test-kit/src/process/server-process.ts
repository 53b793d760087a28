import { type ChildProcess, spawn } from 'node:child_process';

/** Where a server in a child process listens. */
export interface ServerUrls {
  httpUrl: string;
  wsUrl: string;
}

/** Reads the URLs a server process announced from what it printed so far; `undefined` until it has. */
export type ServerUrlsReader = (printed: { stdout: string; output: string }) => ServerUrls | undefined;

/** The default {@link ServerUrlsReader}: the first stdout line that is a JSON object with `httpUrl` and `wsUrl`. */
export const readJsonLineUrls: ServerUrlsReader = ({ stdout }) => {
  const line = stdout.split('\n').find((l) => l.startsWith('{') && l.endsWith('}'));
  return line === undefined ? undefined : (JSON.parse(line) as ServerUrls);
};

/** Reads the reference server's start line (`pnpm serve`'s `…: http://127.0.0.1:<port> …`). */
export const readReferenceServerUrls: ServerUrlsReader = ({ output }) => {
  const httpUrl = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  return httpUrl === undefined ? undefined : { httpUrl, wsUrl: `${httpUrl.replace('http', 'ws')}/ws` };
};

/** Options of {@link spawnServerProcess}. */
export interface ServerProcessOptions {
  /** Absolute path of the TypeScript entry, run as `node --conditions=source --import tsx <script>`. */
  script: string;
  /** Working directory, which must resolve `tsx`. @default process.cwd() */
  cwd?: string;
  /** Variables set over the parent's environment. @default {} */
  env?: Record<string, string>;
  /** Opens an IPC channel for {@link ServerProcess.call}. @default false */
  ipc?: boolean;
  /** @default readJsonLineUrls */
  readUrls?: ServerUrlsReader;
  /** How long the process may take to announce its URLs; then it is killed and the spawn rejects. @default 30_000 */
  startTimeoutMs?: number;
}

/** Defaults of {@link ServerProcessOptions}. */
export const SERVER_PROCESS_DEFAULTS = { startTimeoutMs: 30_000, stopTimeoutMs: 10_000 } as const;

/** A server script running in a child process. */
export interface ServerProcess extends ServerUrls {
  child: ChildProcess;
  /** Everything it printed, stdout and stderr. */
  output(): string;
  /** Over IPC (`ipc: true`): sends `{ id, op, ...args }`, resolves with the `result` of the reply with that `id`. */
  call<T>(op: string, args?: Record<string, unknown>): Promise<T>;
  /** Kills it at once (SIGKILL): no close frames, sockets just drop. Resolves with the exit code (`null`). */
  kill(): Promise<number | null>;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code (`null` when killed). @default 10_000 */
  stop(timeoutMs?: number): Promise<number | null>;
}

/**
 * Spawns a server script with tsx and the `source` condition, and waits for the URLs it announces.
 *
 * @example
 * const server = await spawnServerProcess({ script: fileURLToPath(new URL('./storm.process.ts', import.meta.url)), ipc: true });
 * await server.call('kick', { sessionId });
 * await server.stop();
 */
export async function spawnServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const readUrls = options.readUrls ?? readJsonLineUrls;
  const startTimeoutMs = options.startTimeoutMs ?? SERVER_PROCESS_DEFAULTS.startTimeoutMs;
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', options.script], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  let stdout = '';
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  const signal = async (name: NodeJS.Signals, killAfterMs: number | undefined) => {
    if (!running()) return child.exitCode;
    child.kill(name);
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  const urls = await new Promise<ServerUrls>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.script} did not start in ${startTimeoutMs} ms:\n${output}`)),
      startTimeoutMs,
    );
    const read = (chunk: Buffer, fromStdout: boolean) => {
      const text = chunk.toString();
      output += text;
      if (fromStdout) stdout += text;
      const found = readUrls({ stdout, output });
      if (!found) return;
      clearTimeout(timer);
      resolve(found);
    };
    child.stdout!.on('data', (chunk: Buffer) => read(chunk, true));
    child.stderr!.on('data', (chunk: Buffer) => read(chunk, false));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.script} exited with ${String(code)}:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await signal('SIGKILL', undefined);
    throw error;
  });

  let nextId = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  child.on('message', (raw) => {
    const { id, result } = raw as { id: number; result: unknown };
    waiting.get(id)?.(result);
    waiting.delete(id);
  });

  return {
    ...urls,
    child,
    output: () => output,
    call<T>(op: string, args: Record<string, unknown> = {}) {
      if (!options.ipc) return Promise.reject(new Error('call() needs spawnServerProcess({ ipc: true })'));
      const id = ++nextId;
      return new Promise<T>((resolve) => {
        waiting.set(id, resolve as (result: unknown) => void);
        child.send({ id, op, ...args });
      });
    },
    kill: () => signal('SIGKILL', undefined),
    stop: (timeoutMs = SERVER_PROCESS_DEFAULTS.stopTimeoutMs) => signal('SIGTERM', timeoutMs),
  };
}
