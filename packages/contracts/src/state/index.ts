export {
  initialPollwireState,
  reducePollwireState,
  type VoteResults,
  withVoteResults,
} from './reducer.js';
export type {
  MyVote,
  PollOption,
  PollResults,
  PollState,
  PollStatus,
  PollwireState,
  SessionStatus,
} from './types.js';
export {
  type Attendee,
  type OwnVote,
  type PollSnapshot,
  type SessionSnapshot,
  type SnapshotExtras,
  snapshotOfState,
  stateOfSnapshot,
} from './snapshot.js';
