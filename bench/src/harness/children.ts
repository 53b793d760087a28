import { type ChildProcess, fork } from 'node:child_process';
import { type MethodMap, type NoticeMap, type RpcPeer, createRpcPeer } from '../ipc/rpc.js';

const live = new Set<ChildProcess>();
let hooked = false;

/** Kills every child this harness started (on exit, on failure, on Ctrl-C). */
export function killAllChildren(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  live.clear();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  }
}

export interface Child<Remote extends MethodMap, OutNotices extends NoticeMap> {
  process: ChildProcess;
  rpc: RpcPeer<Remote, OutNotices>;
  /** Asks the child to close, then kills it if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions<InNotices extends NoticeMap> {
  file: string;
  args?: string[];
  execArgv?: string[];
  onNotice?: { [K in keyof InNotices]?: (data: InNotices[K]) => void };
}

/**
 * Forks a bundled entry with an IPC channel (advanced serialization, so typed arrays pass) and tracks it so it
 * never outlives the harness.
 */
export function spawnChild<Remote extends MethodMap, OutNotices extends NoticeMap, InNotices extends NoticeMap>(
  options: SpawnOptions<InNotices>,
): Child<Remote, OutNotices> {
  hookExit();
  const child = fork(options.file, options.args ?? [], {
    execArgv: options.execArgv ?? [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  child.on('error', () => {}); // IPC writes racing an exit; `exit` below settles everything
  const rpc = createRpcPeer<Remote, {}, OutNotices, InNotices>({
    port: child,
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      rpc.fail(`child ${options.file} exited (${signal ?? code})`);
      resolve();
    });
  });
  return {
    process: child,
    rpc,
    async stop(graceMs = 2_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      (rpc as unknown as RpcPeer<{ close: [undefined, undefined] }, {}>)
        .request('close', undefined, graceMs)
        .catch(() => {});
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
