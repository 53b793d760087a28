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
}

const wsUrl = (path: string) => (port: number) => `ws://127.0.0.1:${port}${path}`;
const httpUrl = (port: number) => `http://127.0.0.1:${port}`;

/** The floor every ratio is taken against. */
export const WS_ONCE = 'ws-once';
/** The incumbent. */
export const SOCKET_IO = 'socket.io';

/**
 * Fan-out stacks, in the order the first, third, … repetitions run them; the others reverse it (`repetitionOrder`).
 * Pollwire comes right after the floor its ratios are taken against and right before Socket.IO (the diagnostic stacks,
 * run only when named, come between).
 */
export const FANOUT_STACKS: readonly StackDefinition[] = [
  { name: WS_ONCE, server: 'ws-once', client: 'ws-once', options: { replay: false }, url: wsUrl('/') },
  { name: 'pollwire', server: 'pollwire', client: 'pollwire', options: { replay: true }, url: wsUrl('/ws') },
  // The pollwire server driven by bare ws clients (JSON.parse, read `seq`): its cost apart from the client's.
  {
    name: 'pollwire/bare-clients',
    server: 'pollwire',
    client: 'ws-once',
    options: { replay: false },
    url: wsUrl('/ws?token=bench'),
    onlyWhenNamed: true,
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
  { name: SOCKET_IO, server: 'socket-io', client: 'socket-io', options: { replay: false }, url: httpUrl },
  { name: 'socket.io+recovery', server: 'socket-io', client: 'socket-io', options: { replay: true }, url: httpUrl },
  {
    name: 'pollwire+redis',
    server: 'pollwire-redis',
    client: 'pollwire',
    options: { replay: true },
    url: wsUrl('/ws'),
  },
];

/** Replay catch-up stacks: a log of pre-serialized frames over bare ws (floor), Socket.IO recovery, pollwire. */
export const REPLAY_STACKS: readonly StackDefinition[] = [
  { name: 'ws-once+log', server: 'ws-once', client: 'ws-once', options: { replay: true }, url: wsUrl('/') },
  { name: 'socket.io+recovery', server: 'socket-io', client: 'socket-io', options: { replay: true }, url: httpUrl },
  { name: 'pollwire', server: 'pollwire', client: 'pollwire', options: { replay: true }, url: wsUrl('/ws') },
];
