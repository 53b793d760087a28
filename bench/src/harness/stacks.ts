import type { StackOptions } from '../server/stack.js';

/** A stack the harness can start: which bundled entries run its server and clients, and how clients reach it. */
export interface StackDefinition {
  name: string;
  /** `server/entries/<server>.ts` */
  server: string;
  /** `client/entries/<client>.ts` */
  client: string;
  options: StackOptions;
  url(port: number): string;
  /** Set while the stack cannot run yet; shown instead of figures. */
  pending?: string;
  /** A diagnostic stack: runs only when `--stacks` names it. */
  onlyWhenNamed?: boolean;
  /**
   * A stack this one's paired ratios are also taken against (besides `ws-once` and Socket.IO): the one listed right
   * before it, so the two run back to back in every repetition.
   */
  pairedWith?: string;
}

const wsUrl = (path: string) => (port: number) => `ws://127.0.0.1:${port}${path}`;
const httpUrl = (port: number) => `http://127.0.0.1:${port}`;

/** The floor every ratio is taken against. */
export const WS_ONCE = 'ws-once';
/** The incumbent. */
export const SOCKET_IO = 'socket.io';
/** The Pollwire server driven by the floor's clients: the subject of the server-efficiency targets. */
export const BARE_CLIENTS = 'pollwire/bare-clients';
/** The real server and the real client: the subject of the end-to-end targets. */
export const SUBJECT_END_TO_END = 'pollwire';
/** The replay floor: a bare server replaying serialized frames from a log. */
export const WS_ONCE_LOG = 'ws-once+log';
/** Socket.IO's connection-state recovery. */
export const SOCKET_IO_RECOVERY = 'socket.io+recovery';
/** `pollwire/bare-clients` with an OpenTelemetry SDK installed and exporting: the subject of the metrics-cost target. */
export const BARE_CLIENTS_OTEL = 'pollwire/bare-clients+otel';

/**
 * Fan-out stacks, in the order the first, third, … repetitions run them; the others reverse it (`repetitionOrder`).
 * Each target pairs neighbours: the Pollwire server with bare clients right after the floor, the real client right
 * before Socket.IO. The stacks run only when named stay out of the default run's 15 minutes; the one of them with a
 * target, `pollwire/bare-clients+otel`, sits right after its baseline, so `--stacks` naming both runs them as a pair.
 */
export const FANOUT_STACKS: readonly StackDefinition[] = [
  { name: WS_ONCE, server: 'ws-once', client: 'ws-once', options: { replay: false }, url: wsUrl('/') },
  // The Pollwire server (validation, replay log, serialize once) driven by the floor's bare clients: its cost apart
  // from the client's, which the server-efficiency targets compare to ws-once.
  {
    name: BARE_CLIENTS,
    server: 'pollwire',
    client: 'ws-once',
    options: { replay: false },
    url: wsUrl('/ws?token=bench'),
  },
  // The same server with an OpenTelemetry SDK installed and exporting (a Prometheus exporter collected and serialized
  // every second in the server process): what the `pollwire.*` metrics cost, against the stack before it (issue 35).
  {
    name: BARE_CLIENTS_OTEL,
    server: 'pollwire-otel',
    client: 'ws-once',
    options: { replay: false },
    url: wsUrl('/ws?token=bench'),
    onlyWhenNamed: true,
    pairedWith: BARE_CLIENTS,
  },
  // Pollwire clients whose room frames stop at the socket (JSON.parse, read `seq`, as ws-once's clients do): what
  // the client process costs apart from the client's per-frame work.
  {
    name: 'pollwire/tapped-frames',
    server: 'pollwire',
    client: 'pollwire-tapped',
    options: { replay: true },
    url: wsUrl('/ws'),
    onlyWhenNamed: true,
  },
  { name: SUBJECT_END_TO_END, server: 'pollwire', client: 'pollwire', options: { replay: true }, url: wsUrl('/ws') },
  { name: SOCKET_IO, server: 'socket-io', client: 'socket-io', options: { replay: false }, url: httpUrl },
  {
    name: SOCKET_IO_RECOVERY,
    server: 'socket-io',
    client: 'socket-io',
    options: { replay: true },
    url: httpUrl,
    onlyWhenNamed: true,
  },
  {
    name: 'pollwire+redis',
    server: 'pollwire-redis',
    client: 'pollwire',
    options: { replay: true },
    url: wsUrl('/ws'),
    onlyWhenNamed: true,
  },
];

/** Replay catch-up stacks: a log of pre-serialized frames over bare ws (floor), Socket.IO recovery, pollwire. */
export const REPLAY_STACKS: readonly StackDefinition[] = [
  { name: WS_ONCE_LOG, server: 'ws-once', client: 'ws-once', options: { replay: true }, url: wsUrl('/') },
  { name: SOCKET_IO_RECOVERY, server: 'socket-io', client: 'socket-io', options: { replay: true }, url: httpUrl },
  { name: SUBJECT_END_TO_END, server: 'pollwire', client: 'pollwire', options: { replay: true }, url: wsUrl('/ws') },
];
