import type { ResyncReason, RoomEventName } from '@pollwire/contracts/client';
import type { MaybePromise } from '../util/maybe-promise.js';

/** A validated room event to log. */
export interface LogEntryInput {
  event: RoomEventName;
  /** ISO 8601 server time of the event. */
  timestamp: string;
  /** The contract-validated payload. */
  payload: unknown;
  /** Echoed in the envelope when the event answers a client request. */
  requestId?: string | undefined;
}

/** A logged room event: its position and its serialized envelope, stored once. */
export interface LoggedEvent {
  seq: number;
  eventId: string;
  /** The serialized envelope, sent as-is to every socket and in replays. */
  frame: string;
}

/** The position of a session's log. */
export interface LogHead {
  epoch: string;
  /** Oldest seq still held (`lastSeq + 1` when empty). */
  firstSeq: number;
  /** Newest seq (0 when nothing was ever appended). */
  lastSeq: number;
  /** The eventId of `lastSeq` (the empty cursor `<epoch>-0` when nothing was appended). */
  cursor: string;
}

/**
 * Events after a cursor, or the whole history. `lastSeq` and `cursor` must describe the position after `frames`
 * (the hub continues live delivery from there), so read them consistently with the frames.
 */
export interface LogSlice extends LogHead {
  ok: true;
  /** Serialized envelopes in seq order. */
  frames: string[];
  /** Seq of the first frame (or `lastSeq + 1` when `frames` is empty). */
  fromSeq: number;
}

/** A cursor the log cannot replay from, with why. */
export interface LogRefusal extends LogHead {
  ok: false;
  reason: ResyncReason;
}

export type LogReadResult = LogSlice | LogRefusal;

/** A session's history: every event the log holds, and whether it still starts at seq 1. */
export interface LogHistory extends LogSlice {
  complete: boolean;
}

/** Stops a subscription. */
export type Unsubscribe = () => MaybePromise<void>;

/**
 * The replay log of room broadcasts, per session. Results may be sync (in-memory) or async (Redis).
 * Only room broadcasts are appended; unicasts never are.
 *
 * When `subscribe` is implemented (cross-node fan-out), the hub delivers exactly what the subscription
 * yields, in seq order, instead of delivering right after `append`.
 */
export interface ReplayLog {
  /** Names the store in metrics (`pollwire.log.store`): `memory`, `redis`, or a custom log's own constant. */
  readonly store?: string;
  /** Appends one event; assigns the next contiguous `seq` and its `eventId`, serializes the envelope once. */
  append(sessionId: string, entry: LogEntryInput): MaybePromise<LoggedEvent>;
  /** Events strictly after `cursor`, or why they cannot be replayed. */
  read(sessionId: string, cursor: string): MaybePromise<LogReadResult>;
  /** Every event held for the session, oldest first. */
  history(sessionId: string): MaybePromise<LogHistory>;
  /** The session's current position. */
  head(sessionId: string): MaybePromise<LogHead>;
  /** Optional: events appended by any node, in seq order. Resolves once the subscription is live. */
  subscribe?(sessionId: string, onEvent: (event: LoggedEvent) => void): MaybePromise<Unsubscribe>;
  /** Stops housekeeping timers and releases resources. */
  close?(): MaybePromise<void>;
}
