import type * as z from 'zod/mini';
import type { EventCatalog, EventName } from './catalog.js';

type Scopes<E extends EventName> = EventCatalog[E]['scopes'];
type ScopeOutput<E extends EventName, K extends string> =
  Scopes<E> extends { readonly [P in K]: infer S extends z.ZodMiniType } ? z.output<S> : never;

/** Events broadcast to a session room (logged, carry `seq`, replayed on resume). */
export type RoomEventName = { [E in EventName]: Scopes<E> extends { room: z.ZodMiniType } ? E : never }[EventName];
/** Events sent to a single connection (never logged or replayed). */
export type UnicastEventName = {
  [E in EventName]: Scopes<E> extends { unicast: z.ZodMiniType } ? E : never;
}[EventName];
/** Events a server sends. */
export type ServerEventName = RoomEventName | UnicastEventName;
/** Events a client sends. */
export type ClientEventName = {
  [E in EventName]: Scopes<E> extends { toServer: z.ZodMiniType } ? E : never;
}[EventName];

/** Payload of the room broadcast of `E`. */
export type RoomPayload<E extends RoomEventName> = ScopeOutput<E, 'room'>;
/** Payload of the unicast shape of `E`. */
export type UnicastPayload<E extends UnicastEventName> = ScopeOutput<E, 'unicast'>;
/** Payload a client sends for `E`. */
export type ClientPayload<E extends ClientEventName> = ScopeOutput<E, 'toServer'>;
/** Any payload a client may receive for `E` (room broadcast or unicast). */
export type ServerPayload<E extends ServerEventName> = ScopeOutput<E, 'room'> | ScopeOutput<E, 'unicast'>;

/** Event name to payload type, for typed handlers: `on('vote:accepted', p => …)`. */
export type ServerEventMap = { [E in ServerEventName]: ServerPayload<E> };
/** Event name to payload type for what clients send. */
export type ClientEventMap = { [E in ClientEventName]: ClientPayload<E> };

interface EnvelopeBase<E extends string> {
  /** Event name. */
  event: E;
  /** Unique, opaque id; room events' ids are resume cursors. */
  eventId: string;
  /** The session this event belongs to (FR-007). */
  sessionId: string;
  /** ISO 8601 UTC server time. */
  timestamp: string;
  /** The client's `requestId` this frame answers, on responses. */
  requestId?: string | undefined;
}

/** A room broadcast as received: always has a per-session contiguous `seq`. */
export type RoomMessage<E extends RoomEventName = RoomEventName> = {
  [K in E]: EnvelopeBase<K> & {
    seq: number;
    /**
     * On an event for everyone: the `seq` of the previous event for everyone, present when events for presenters
     * only came between (so a participant, who never gets those, can tell a gap from them).
     */
    prev?: number | undefined;
    payload: RoomPayload<K>;
  };
}[E];
/** A unicast as received: never has `seq`. */
export type UnicastMessage<E extends UnicastEventName = UnicastEventName> = {
  [K in E]: EnvelopeBase<K> & { seq?: undefined; payload: UnicastPayload<K> };
}[E];
/** Any server-to-client envelope; narrow on `event` (and `seq` for `vote:accepted`). */
export type ServerMessage = RoomMessage | UnicastMessage;

/** A client-to-server envelope. */
export type ClientMessage<E extends ClientEventName = ClientEventName> = {
  [K in E]: { event: K; requestId?: string | undefined; payload: ClientPayload<K> };
}[E];

export type VoteAcceptedBroadcast = RoomPayload<'vote:accepted'>;
export type VoteAcceptedConfirmation = UnicastPayload<'vote:accepted'>;
export type PollCreatedPayload = RoomPayload<'poll:created'>;
export type VoteSubmittedPayload = ClientPayload<'vote:submitted'>;
export type VoteData = VoteSubmittedPayload['voteData'];
export type PollType = PollCreatedPayload['pollType'];
