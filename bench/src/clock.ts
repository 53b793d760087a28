/**
 * Milliseconds on CLOCK_MONOTONIC, which every process on a Linux machine shares: a send time taken in the server
 * process and a receipt time taken in a client process can be subtracted directly.
 */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

/** Cumulative CPU time of this process in microseconds. */
export interface CpuSample {
  userUs: number;
  systemUs: number;
}

export function cpuSample(): CpuSample {
  const { user, system } = process.cpuUsage();
  return { userUs: user, systemUs: system };
}

/** CPU milliseconds spent between two samples. */
export function cpuDeltaMs(from: CpuSample, to: CpuSample): { userMs: number; systemMs: number; totalMs: number } {
  const userMs = (to.userUs - from.userUs) / 1e3;
  const systemMs = (to.systemUs - from.systemUs) / 1e3;
  return { userMs, systemMs, totalMs: userMs + systemMs };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
