import type { EventName } from './catalog.js';

/**
 * Who receives a room event: every connection of the session (`everyone`), or its presenters only (`presenters`:
 * attendance, whose cost would otherwise grow with the square of the audience). Participants never receive a
 * presenters-only event; the next event they do receive carries `prev`, the `seq` of the previous one they were due.
 */
export type RoomAudience = 'everyone' | 'presenters';

// Plain data in a Zod-free module: `@pollwire/contracts/client` (and server-kit) read it too.
const PRESENTERS_ONLY: ReadonlySet<string> = new Set<EventName>(['participant:joined', 'participant:disconnected']);

/**
 * The audience of an event's room shape.
 *
 * @example
 * roomAudience('participant:joined'); // 'presenters'
 * roomAudience('vote:accepted'); // 'everyone'
 */
export const roomAudience = (name: EventName): RoomAudience => (PRESENTERS_ONLY.has(name) ? 'presenters' : 'everyone');
