import type { PollType } from '@pollwire/contracts/client';

export type SessionStatus = 'draft' | 'active' | 'ended';
export type PollStatus = 'draft' | 'active' | 'closed';

export interface SessionRecord {
  sessionId: string;
  slug: string;
  title: string;
  presenterId: string;
  status: SessionStatus;
  createdAt: string;
  startedAt?: string | undefined;
  endedAt?: string | undefined;
  /** The poll open for voting, if any (at most one). */
  activePollId?: string | undefined;
  /** Polls created so far (the next poll's `sequenceOrder`). */
  pollCount: number;
}

export interface PollOptionRecord {
  optionId: string;
  optionText: string;
  sequenceOrder: number;
}

export interface PollRecord {
  pollId: string;
  sessionId: string;
  question: string;
  pollType: PollType;
  allowMultiple: boolean;
  isAnonymous: boolean;
  options?: PollOptionRecord[] | undefined;
  minRating?: number | undefined;
  maxRating?: number | undefined;
  sequenceOrder: number;
  createdAt: string;
  status: PollStatus;
  activatedAt?: string | undefined;
  closedAt?: string | undefined;
}

export interface ParticipantRecord {
  participantId: string;
  sessionId: string;
  displayName?: string | undefined;
  joinedAt: string;
}
