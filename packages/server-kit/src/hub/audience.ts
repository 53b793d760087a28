import { type EventName, roomAudience } from '@pollwire/contracts/client';
import { frameEvent } from '../log/encode.js';
import type { Connection } from './connection.js';

/** Whether a serialized room event is for presenters only (participants never receive it). */
export const isForPresenters = (frame: string): boolean =>
  roomAudience(frameEvent(frame) as EventName) === 'presenters';

/** The room frames a connection receives: all of them for a presenter, those for everyone for a participant. */
export const framesFor = (conn: Connection, frames: string[]): string[] =>
  conn.identity.role === 'presenter' ? frames : frames.filter((frame) => !isForPresenters(frame));
