import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemMB: number;
  loadAvg: number[];
  platform: string;
  node: string;
  openFilesLimit: string;
  gitCommit: string | null;
  startedAt: string;
  quick: boolean;
}

function shell(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Where the figures were measured (they only compare within one run). */
export function describeMachine(quick: boolean): MachineInfo {
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    totalMemMB: Math.round(os.totalmem() / 2 ** 20),
    loadAvg: os.loadavg().map((l) => Math.round(l * 100) / 100),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    openFilesLimit: shell('sh', ['-c', 'ulimit -n']) ?? 'unknown',
    gitCommit: shell('git', ['rev-parse', '--short', 'HEAD']),
    startedAt: new Date().toISOString(),
    quick,
  };
}
