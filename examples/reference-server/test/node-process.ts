import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A `src/main.ts` process, as `pnpm serve` starts it. */
export interface ServerProcess {
  httpUrl: string;
  wsUrl: string;
  /** Everything it printed. */
  output(): string;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code (`null` when killed). */
  stop(timeoutMs?: number): Promise<number | null>;
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** Starts `node --conditions=source --import tsx src/main.ts` with `env` and waits for the URL it prints. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (stopTimeoutMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const httpUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop(1_000);
    throw error;
  });
  return { httpUrl, wsUrl: `${httpUrl.replace('http', 'ws')}/ws`, output: () => output, stop };
}
