import type { CpuSample } from '../clock.js';

/** A fan-out rate: events per second, or as fast as the clients keep up. */
export type Rate = number | 'max';

export interface FanoutParams {
  rate: Rate;
  durationMs: number;
  /** Hard cap on events (bounds client memory). */
  maxEvents: number;
  /** At `rate: 'max'`, the most events ahead of the slowest client. */
  window: number;
}

export interface FanoutResult {
  firstSeq: number;
  /** Send time of each event (monotonic ms), index = seq - firstSeq. */
  sendTimes: Float64Array;
  /** How far the last event went out behind its schedule (open-loop rates). */
  maxLagMs: number;
}

/** Methods a server process answers. */
export type ServerMethods = {
  status: [undefined, { connections: number; nextSeq: number; cpu: CpuSample }];
  /** RSS after a full GC (when `--expose-gc`). */
  memory: [undefined, { rssBytes: number; gcExposed: boolean }];
  fanout: [FanoutParams, FanoutResult];
  /** Broadcasts `count` events back to back (to a room whose members are away); returns the last seq. */
  burst: [{ count: number }, { lastSeq: number }];
  close: [undefined, undefined];
};

/** Notices a server process receives. */
export type ServerInNotices = {
  /** Highest seq every client has received. */
  progress: { watermark: number };
};

/** Notices a server process sends. */
export type ServerOutNotices = {
  ready: { port: number };
};

export interface ConnectParams {
  url: string;
  count: number;
  /** Global index of this process' first connection (identities, tokens). */
  firstIndex: number;
  /** Connections opened at once. */
  concurrency: number;
}

export interface CollectResult {
  /** One latency (ms) per delivery. */
  latencies: Float32Array;
  deliveries: number;
  lost: number;
  duplicates: number;
  /** Lost events of the worst connection. */
  maxLostPerConnection: number;
  lastReceiptMs: number;
}

export interface ResumeResult {
  /** Time from the resume command until each connection held the target seq (ms), NaN if it never did. */
  catchUpMs: Float64Array;
  lost: number;
  duplicates: number;
  /** Connections the stack reported as resumed (Socket.IO's `recovered`, otherwise true). */
  recovered: number;
}

/** Methods a client process answers. */
export type ClientMethods = {
  connect: [ConnectParams, { connected: number }];
  /** Resets the receipt tables for events `firstSeq .. firstSeq + capacity - 1`. */
  arm: [{ firstSeq: number; capacity: number }, undefined];
  collect: [{ firstSeq: number; sendTimes: Float64Array }, CollectResult];
  cpu: [undefined, CpuSample];
  /** Cuts every connection abruptly (no close handshake the server could take as a goodbye). */
  drop: [undefined, undefined];
  /** Reconnects every connection at once, resuming after its last seq; resolves when all hold `targetSeq`. */
  resume: [{ targetSeq: number; timeoutMs: number }, ResumeResult];
  close: [undefined, undefined];
};

export type ClientOutNotices = {
  /** Highest seq all of this process' connections have received (sent when it moves). */
  progress: { watermark: number };
};
