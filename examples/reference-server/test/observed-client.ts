import {
  EVENT_NAMES,
  type EventName,
  isReplayable,
  type ServerMessage,
  type UnicastPayload,
} from '@pollwire/contracts';
import { createPollwireClient, type PollwireClient, type PollwireState, type StatusChange } from '@pollwire/client';
import { clientWebSocket } from '@pollwire/test-kit';

const ROOM_EVENTS = EVENT_NAMES.filter(isReplayable);

/** A `@pollwire/client` whose handlers record what they see, each with when (`performance.now()`). */
export interface ObservedClient {
  name: string;
  client: PollwireClient;
  /** Room events handed to a handler, in order. */
  room: { seq: number; eventId: string; event: EventName }[];
  statuses: (StatusChange & { at: number })[];
  /** `connection:reconnected` payloads. */
  reconnects: (UnicastPayload<'connection:reconnected'> & { at: number })[];
  /** The `seq` of each `session:synchronized` applied. */
  snapshots: number[];
  resyncs: number;
  role: 'presenter' | 'participant' | undefined;
  /** Whether the session is ready (state received) on the current socket. */
  readonly ready: boolean;
  errors: unknown[];
}

export interface ObserveOptions {
  name: string;
  url: string;
  token: string;
  participantId?: string;
  /** Ask for the session's log from its start (`?history=1`) instead of its state. @default false */
  history?: boolean;
}

/**
 * Creates a client (with the tests' WebSocket: `ws` on Node 20) and records its room events, status changes,
 * resumes and errors.
 */
export function observeClient(options: ObserveOptions): ObservedClient {
  const client = createPollwireClient({
    url: options.url,
    token: options.token,
    WebSocket: clientWebSocket,
    ...(options.participantId === undefined ? {} : { participantId: options.participantId }),
    ...(options.history ? { history: true } : {}),
  });
  let ready = false;
  const observed: ObservedClient = {
    name: options.name,
    client,
    room: [],
    statuses: [],
    reconnects: [],
    snapshots: [],
    resyncs: 0,
    role: undefined,
    get ready() {
      return ready;
    },
    errors: [],
  };
  const on = client.on as (event: string, handler: (payload: unknown, message: ServerMessage) => void) => void;
  for (const event of ROOM_EVENTS) {
    on(event, (_payload, message) => {
      if (message.seq !== undefined) observed.room.push({ seq: message.seq, eventId: message.eventId, event });
    });
  }
  client.on('connection:established', (payload) => {
    observed.role = payload.role;
    ready = true;
  });
  client.on('connection:reconnected', (payload) => {
    observed.role = payload.role;
    ready = true;
    observed.reconnects.push({ ...payload, at: performance.now() });
  });
  client.on('session:synchronized', (payload) => observed.snapshots.push(payload.seq));
  client.on('resync', () => {
    observed.resyncs += 1;
  });
  client.on('status', (change) => {
    if (change.status !== 'open') ready = false;
    observed.statuses.push({ ...change, at: performance.now() });
  });
  client.on('error', (error) => observed.errors.push(error));
  return observed;
}

/** The room part of a client's state (`myVotes` is per client, and not in the room log). */
export const roomState = ({ myVotes: _mine, ...room }: PollwireState) => room;
