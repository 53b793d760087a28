import type * as z from 'zod/mini';
import {
  connectionEstablished,
  connectionHeartbeat,
  connectionHeartbeatFromClient,
  connectionReconnected,
} from './events/connection.js';
import { errorGeneral } from './events/error.js';
import { participantCounted, participantDisconnected, participantJoined } from './events/participant.js';
import { pollActivated, pollClosed, pollCreated } from './events/poll.js';
import { sessionCreated, sessionEnded, sessionStarted } from './events/session.js';
import { sessionSynchronized } from './events/synchronized.js';
import { voteAcceptedBroadcast, voteAcceptedConfirmation, voteRejected, voteSubmitted } from './events/vote.js';

/** The entities an event name may start with (`{entity}:{action}`). */
export const EVENT_ENTITIES = ['connection', 'session', 'poll', 'vote', 'participant', 'error'] as const;

/**
 * What the protocol promises about who may see an event's data.
 * - `none`: no participant data.
 * - `aggregate-only`: results only; the schema has no field for a voter identity.
 * - `self-only`: may name a participant, and is only ever sent to that participant.
 * - `attendance`: names the participant whose attendance changed, never anything they voted.
 * - `state`: the session's state for its receiver: aggregates, the receiver's own votes, and attendance for
 *   presenters only; never another participant's vote.
 */
export type PrivacyRule = 'none' | 'aggregate-only' | 'self-only' | 'attendance' | 'state';

/**
 * How an event travels. Each present key is one shape of the event:
 * - `room`: broadcast to every socket of the session; logged with a `seq` and replayed on resume.
 * - `unicast`: sent to one connection only; never logged or replayed.
 * - `toServer`: sent by a client to the server.
 */
export interface EventScopes {
  readonly room?: z.ZodMiniType;
  readonly unicast?: z.ZodMiniType;
  readonly toServer?: z.ZodMiniType;
}

export interface EventDefinition<S extends EventScopes = EventScopes> {
  readonly scopes: S;
  readonly privacy: { readonly [K in keyof S]: PrivacyRule };
  readonly summary: string;
}

const define = <const S extends EventScopes>(definition: EventDefinition<S>) => definition;

/**
 * The single source of truth of the protocol: every event, its shapes, scopes and privacy rule.
 * Direction and replayability are derived from `scopes` (see {@link eventDirection}).
 */
export const eventCatalog = {
  'connection:established': define({
    scopes: { unicast: connectionEstablished },
    privacy: { unicast: 'none' },
    summary: 'Confirms a new connection, with its connectionId and the session cursor to resume from.',
  }),
  'connection:reconnected': define({
    scopes: { unicast: connectionReconnected },
    privacy: { unicast: 'none' },
    summary: 'Acknowledges a resume from lastEventId; the replayed events follow it, in order.',
  }),
  'connection:heartbeat': define({
    scopes: { unicast: connectionHeartbeat, toServer: connectionHeartbeatFromClient },
    privacy: { unicast: 'none', toServer: 'none' },
    summary: 'Periodic liveness signal in both directions.',
  }),
  'session:created': define({
    scopes: { room: sessionCreated },
    privacy: { room: 'none' },
    summary: 'A session exists, in draft.',
  }),
  'session:started': define({
    scopes: { room: sessionStarted },
    privacy: { room: 'none' },
    summary: 'The session went from draft to active; participants may vote on active polls.',
  }),
  'session:ended': define({
    scopes: { room: sessionEnded },
    privacy: { room: 'none' },
    summary: 'The session ended; open polls were closed before this event.',
  }),
  'session:synchronized': define({
    scopes: { unicast: sessionSynchronized },
    privacy: { unicast: 'state' },
    summary:
      "The session's whole state at a cursor, sent on connect or instead of a long replay; live events follow it.",
  }),
  'poll:created': define({
    scopes: { room: pollCreated },
    privacy: { room: 'none' },
    summary: 'A poll was created (not yet open for voting).',
  }),
  'poll:activated': define({
    scopes: { room: pollActivated },
    privacy: { room: 'none' },
    summary: 'A poll is open for voting; only one poll is active at a time.',
  }),
  'poll:closed': define({
    scopes: { room: pollClosed },
    privacy: { room: 'none' },
    summary: 'Voting on a poll ended; results stay visible.',
  }),
  'vote:submitted': define({
    scopes: { toServer: voteSubmitted },
    privacy: { toServer: 'self-only' },
    summary: 'A participant submits a vote.',
  }),
  'vote:accepted': define({
    scopes: { room: voteAcceptedBroadcast, unicast: voteAcceptedConfirmation },
    privacy: { room: 'aggregate-only', unicast: 'self-only' },
    summary: 'A vote was counted: aggregates to the room, a confirmation with participantId to the submitter.',
  }),
  'vote:rejected': define({
    scopes: { unicast: voteRejected },
    privacy: { unicast: 'self-only' },
    summary: 'A vote was refused, with the reason; sent to the submitter only.',
  }),
  'participant:joined': define({
    scopes: { room: participantJoined },
    privacy: { room: 'attendance' },
    summary: "A participant's first connection opened (to presenters only).",
  }),
  'participant:disconnected': define({
    scopes: { room: participantDisconnected },
    privacy: { room: 'attendance' },
    summary: "A participant's last connection closed (to presenters only).",
  }),
  'participant:counted': define({
    scopes: { room: participantCounted },
    privacy: { room: 'none' },
    summary: "The session's participant count, at a bounded rate (latest wins): what participants see of attendance.",
  }),
  'error:general': define({
    scopes: { unicast: errorGeneral },
    privacy: { unicast: 'self-only' },
    summary: 'A request failed for a reason not covered by a specific rejection; sent to the affected client.',
  }),
} as const;

export type EventCatalog = typeof eventCatalog;
export type EventName = keyof EventCatalog;
/** Every event name, in catalog order. */
export const EVENT_NAMES = Object.keys(eventCatalog) as EventName[];

export type EventDirection = 'client-to-server' | 'server-to-client' | 'bidirectional';

/** The direction of an event, derived from its scopes. */
export function eventDirection(name: EventName): EventDirection {
  const scopes: EventScopes = eventCatalog[name].scopes;
  const toClient = scopes.room !== undefined || scopes.unicast !== undefined;
  if (scopes.toServer !== undefined) return toClient ? 'bidirectional' : 'client-to-server';
  return 'server-to-client';
}

/** Whether an event is a room broadcast, which is logged and replayed on resume. */
export function isReplayable(name: EventName): boolean {
  return (eventCatalog[name].scopes as EventScopes).room !== undefined;
}
