import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A server script running in a child process (tsx, `source` condition), driven over IPC. */
export interface ServerProcess {
  httpUrl: string;
  wsUrl: string;
  child: ChildProcess;
  /** Sends `{ op, ...args }` and resolves with the child's `result`. */
  call<T>(op: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Spawns `script` (a path relative to this folder) and waits for the JSON line with its URLs.
 *
 * @example
 * const server = await spawnServerProcess('storm-server.process.ts');
 * await server.call('kick', { sessionId });
 */
export async function spawnServerProcess(script: string): Promise<ServerProcess> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const urls = await new Promise<{ httpUrl: string; wsUrl: string }>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server process did not start: ${stderr}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as { httpUrl: string; wsUrl: string });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited with ${String(code)}: ${stderr}`));
    });
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
    call<T>(op: string, args: Record<string, unknown> = {}) {
      const id = ++nextId;
      return new Promise<T>((resolve) => {
        waiting.set(id, resolve as (result: unknown) => void);
        child.send({ id, op, ...args });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
