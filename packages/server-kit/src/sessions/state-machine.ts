import { InvalidTransitionError } from '../errors.js';
import type { PollStatus, SessionStatus } from './records.js';

const SESSION_TRANSITIONS: Record<SessionStatus, readonly SessionStatus[]> = {
  draft: ['active'],
  active: ['ended'],
  ended: [],
};

const POLL_TRANSITIONS: Record<PollStatus, readonly PollStatus[]> = {
  draft: ['active'],
  active: ['closed'],
  closed: [],
};

/** Throws {@link InvalidTransitionError} unless the session may go from `from` to `to`. */
export function assertSessionTransition(from: SessionStatus, to: SessionStatus): void {
  if (!SESSION_TRANSITIONS[from].includes(to)) throw new InvalidTransitionError('session', from, to);
}

/** Throws {@link InvalidTransitionError} unless the poll may go from `from` to `to`. */
export function assertPollTransition(from: PollStatus, to: PollStatus): void {
  if (!POLL_TRANSITIONS[from].includes(to)) throw new InvalidTransitionError('poll', from, to);
}
