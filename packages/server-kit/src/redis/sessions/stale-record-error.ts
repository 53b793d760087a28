import { InvalidTransitionError } from '../../errors.js';

/**
 * Another node changed the session or poll since this node read it: the write was refused (compare-and-set)
 * and nothing changed. A subclass of `InvalidTransitionError`, so HTTP layers answer 409; retrying re-reads.
 */
export class StaleRecordError extends InvalidTransitionError {
  override name = 'StaleRecordError';
  readonly id: string;
  constructor(entity: 'session' | 'poll', id: string, options?: { cause?: unknown }) {
    super(entity, 'stale', 'updated', options);
    this.message = `${entity} ${id} was changed by another node; re-read and retry`;
    this.id = id;
  }
}
