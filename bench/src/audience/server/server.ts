import type { AudienceNode, AudienceSession, OpenedPoll } from '../protocol.js';
import type { VoteStamps } from './stamped-votes.js';

/** One node of a stack in the audience scenario, driven by the harness as the presenter would. */
export interface AudienceServer {
  node: AudienceNode;
  votes: VoteStamps;
  prepare(): Promise<AudienceSession | null>;
  openPoll(): Promise<OpenedPoll>;
  closePoll(pollId: string): Promise<{ finalVoteCount: number }>;
  close(): Promise<void>;
}

/** The poll every stack runs. */
export const AUDIENCE_POLL = {
  question: 'Which talk should run next?',
  options: ['Talk A', 'Talk B', 'Talk C', 'Talk D'],
};
