import { formatCursor } from '../log/cursor.js';
import type { ReplayLog } from '../log/types.js';
import type { ProjectionCheckpoint } from './checkpoint.js';
import { createSessionProjection, foldFrames, type SessionProjection } from './session-projection.js';

/** A session's projection at the log head, with the epoch it belongs to. */
export interface LoadedProjection {
  epoch: string;
  projection: SessionProjection;
}

/**
 * Rebuilds a session's projection at its log head: from `checkpoint` and the events the log holds after it, or,
 * without a usable checkpoint (none, another epoch, or older than the log), from the whole history. `undefined` when
 * neither can be done exactly: the log no longer starts at seq 1 and no checkpoint reaches it. Each read of the log
 * is consistent with its own head, so the result is the fold of the log up to one seq, whatever is appended meanwhile.
 *
 * @example
 * const loaded = await loadProjection(log, sessionId, await checkpoints.load(sessionId));
 * if (loaded) serve(loaded.projection.head());
 */
export async function loadProjection(
  log: ReplayLog,
  sessionId: string,
  checkpoint?: ProjectionCheckpoint,
): Promise<LoadedProjection | undefined> {
  if (checkpoint) {
    const after = await log.read(sessionId, checkpoint.cursor ?? formatCursor(checkpoint.epoch, 0));
    if (after.ok && after.epoch === checkpoint.epoch) {
      const projection = createSessionProjection(checkpoint);
      if (foldFrames(projection, after.frames) === 'applied') return { epoch: after.epoch, projection };
    }
  }
  const history = await log.history(sessionId);
  if (!history.complete) return undefined;
  const projection = createSessionProjection();
  return foldFrames(projection, history.frames) === 'applied' ? { epoch: history.epoch, projection } : undefined;
}
