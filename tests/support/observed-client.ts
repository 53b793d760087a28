import { EVENT_NAMES, isReplayable, type ServerMessage } from '@pollwire/contracts';
import {
  createPollwireClient,
  type PollwireClient,
  type PollwireClientOptions,
  type PollwireState,
  type ResyncEvent,
  type StatusChange,
} from '@pollwire/client';
import { clientWebSocket as WebSocket } from '@pollwire/test-kit';

const ROOM_EVENTS = EVENT_NAMES.filter(isReplayable);

/** A Pollwire client whose handlers record every room event, status change and resync. */
export interface ObservedClient {
  client: PollwireClient;
  /** `seq` of each room event handed to a handler, in order. */
  seqs: number[];
  /** eventIds of each room event handed to a handler, in order. */
  eventIds: string[];
  /** Status changes, with when (`performance.now()`) and how many room events handlers had seen by then. */
  statuses: (StatusChange & { at: number; seen: number })[];
  resyncs: ResyncEvent[];
  /** The `seq` of each `session:synchronized` applied (the state up to it replaced the events before it). */
  snapshots: number[];
  /** The newest seq a snapshot covered (0: none). */
  readonly snapshotSeq: number;
  /** The newest seq the client holds: the last event a handler saw, or the last snapshot's. */
  readonly heldSeq: number;
  /** The role the server announced (participants do not get presenters-only events). */
  role: 'presenter' | 'participant' | undefined;
  /** Whether the client holds every event due to it up to `lastSeq` (`presentersOnly`: seqs it never gets if a participant). */
  holds(lastSeq: number, presentersOnly: ReadonlySet<number>): boolean;
  /** {@link sequenceFaults} over the events due to this client. */
  faults(lastSeq: number, presentersOnly: ReadonlySet<number>): ReturnType<typeof sequenceFaults>;
  errors: unknown[];
  /** When a handler saw each seq (ms, `performance.now()`). */
  seenAt: Map<number, number>;
  close(): void;
}

/**
 * Creates a `ws`-backed Pollwire client and records what its handlers see.
 *
 * @example
 * const observed = observeClient({ url: server.wsUrl, token });
 * expect(observed.seqs).toEqual([1, 2, 3]);
 */
export function observeClient(options: Omit<PollwireClientOptions, 'WebSocket'>): ObservedClient {
  const client = createPollwireClient({ WebSocket, ...options });
  const observed: ObservedClient = {
    client,
    seqs: [],
    eventIds: [],
    statuses: [],
    resyncs: [],
    snapshots: [],
    get snapshotSeq() {
      return Math.max(0, ...observed.snapshots);
    },
    get heldSeq() {
      return Math.max(observed.seqs.at(-1) ?? 0, observed.snapshotSeq);
    },
    role: undefined,
    holds(lastSeq, presentersOnly) {
      let due = lastSeq;
      if (observed.role === 'participant') while (due > 0 && presentersOnly.has(due)) due--;
      return observed.heldSeq >= due;
    },
    faults(lastSeq, presentersOnly) {
      const skipped = observed.role === 'participant' ? presentersOnly : new Set<number>();
      return sequenceFaults(observed.seqs, lastSeq, observed.snapshotSeq, skipped);
    },
    errors: [],
    seenAt: new Map(),
    close: () => client.close(),
  };
  const on = client.on as (event: string, handler: (payload: unknown, message: ServerMessage) => void) => void;
  for (const name of ROOM_EVENTS) {
    on(name, (_payload, message) => {
      if (message.seq === undefined) return;
      observed.seqs.push(message.seq);
      observed.eventIds.push(message.eventId);
      observed.seenAt.set(message.seq, performance.now());
    });
  }
  client.on('session:synchronized', (payload) => observed.snapshots.push(payload.seq));
  client.on('connection:established', (payload) => {
    observed.role = payload.role;
  });
  client.on('connection:reconnected', (payload) => {
    observed.role = payload.role;
  });
  client.on('status', (change) =>
    observed.statuses.push({ ...change, at: performance.now(), seen: observed.seqs.length }),
  );
  client.on('resync', (event) => observed.resyncs.push(event));
  client.on('error', (error) => observed.errors.push(error));
  return observed;
}

/** The room part of a client state (`myVotes` is per client and not in the room log). */
export const roomState = ({ myVotes: _mine, ...rest }: PollwireState) => rest;

/**
 * Whether `seqs` is exactly `1..n` in order, but for the events a snapshot covered (`1..covered`) and those not due
 * to the client (`skipped`: presenters-only events, for a participant): nothing lost, nothing delivered twice.
 */
export function sequenceFaults(
  seqs: readonly number[],
  n: number,
  covered = 0,
  skipped: ReadonlySet<number> = new Set(),
): { lost: number; duplicates: number; outOfOrder: number } {
  const seen = new Set<number>();
  let duplicates = 0;
  let outOfOrder = 0;
  let previous = 0;
  for (const seq of seqs) {
    if (seen.has(seq)) duplicates += 1;
    else if (seq < previous) outOfOrder += 1;
    seen.add(seq);
    previous = Math.max(previous, seq);
  }
  let lost = 0;
  for (let seq = covered + 1; seq <= n; seq++) if (!seen.has(seq) && !skipped.has(seq)) lost += 1;
  return { lost, duplicates, outOfOrder };
}
