import type { RoomEventName, RoomPayload } from '@pollwire/contracts/client';
import type { LoggedEvent, ReplayLog } from '../log/types.js';
import { type Clock, isoTime } from '../util/clock.js';
import { createKeyedQueue } from '../util/keyed-queue.js';
import type { Room, RoomRegistry } from './rooms.js';
import { validateRoomPayload } from './validate.js';

/** Validates, logs and fans out one room event (the hub's `broadcast`). */
export type Broadcast = <E extends RoomEventName>(
  sessionId: string,
  event: E,
  payload: RoomPayload<E>,
  options?: { requestId?: string | undefined },
) => Promise<LoggedEvent>;

export interface BroadcasterOptions {
  log: ReplayLog;
  rooms: RoomRegistry;
  clock: Clock;
  /** Fans the logged event out, when the log has no `subscribe` to do it. */
  deliver(room: Room, event: LoggedEvent): void;
  /** Told of every event this node logged (the snapshot keeper checkpoints sessions with no room here). */
  appended?(sessionId: string, event: LoggedEvent): void;
}

/**
 * Creates the serialize-once broadcast: the payload is validated once, the log serializes the envelope once, and
 * that one frame goes to every socket. Appends of one session run in order, so seq order is delivery order.
 */
export function createBroadcaster(options: BroadcasterOptions): Broadcast {
  const { log, rooms, clock, deliver } = options;
  const queue = createKeyedQueue();
  return (sessionId, event, payload, broadcastOptions = {}) => {
    let clean: RoomPayload<typeof event>;
    try {
      clean = validateRoomPayload(event, payload);
    } catch (error) {
      return Promise.reject(error);
    }
    const timestamp = isoTime(clock);
    return queue.run(sessionId, async () => {
      const logged = await log.append(sessionId, {
        event,
        timestamp,
        payload: clean,
        requestId: broadcastOptions.requestId,
      });
      if (!log.subscribe) {
        const room = rooms.get(sessionId);
        if (room) deliver(room, logged);
      }
      options.appended?.(sessionId, logged);
      return logged;
    });
  };
}
