import { VoteRejectedError, type PollwireError } from '@pollwire/client';
import type { PollType, VoteData } from '@pollwire/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { usePollwireClient } from './context.js';
import { usePollwireState } from './use-pollwire-state.js';

/** The vote a poll of type `T` takes. */
export type VoteDataFor<T extends PollType> = Extract<
  VoteData,
  T extends 'multiple_choice'
    ? { selectedOptionIds: unknown }
    : T extends 'rating_scale'
      ? { ratingValue: unknown }
      : T extends 'open_text'
        ? { textResponse: unknown }
        : VoteData
>;

export type VoteStatus = 'idle' | 'pending' | 'accepted' | 'rejected';

interface VoteOutcome {
  pollId: string;
  status: VoteStatus;
  reason?: string | undefined;
  error?: PollwireError | undefined;
}

export interface UseVote<T extends PollType> {
  /** Sends the vote (queued while offline); settles `status`. Resolves when it settles, never rejects. */
  submit(voteData: VoteDataFor<T>): Promise<void>;
  /** `accepted` from the start when the state holds my vote on this poll (e.g. after a reload). */
  status: VoteStatus;
  /** Why it was rejected: the server's reason (e.g. `duplicate_vote`), or the client's code (e.g. `vote_timeout`). */
  reason: string | undefined;
  error: PollwireError | undefined;
}

/**
 * Voting on one poll: `submit`, and its status going idle -> pending -> accepted or rejected. Typed by the poll's
 * type when you name it.
 *
 * @example
 * const vote = useVote<'multiple_choice'>(poll.pollId);
 * <button disabled={vote.status !== 'idle'} onClick={() => vote.submit({ selectedOptionIds: [optionId] })}>Vote</button>
 * {vote.status === 'rejected' && <p>{vote.reason}</p>}
 */
export function useVote<T extends PollType = PollType>(pollId: string): UseVote<T> {
  const client = usePollwireClient();
  const alreadyVoted = usePollwireState((state) => state.myVotes[pollId] !== undefined);
  const [outcome, setOutcome] = useState<VoteOutcome>({ pollId, status: 'idle' });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const submit = useCallback(
    async (voteData: VoteDataFor<T>) => {
      if (!client) throw new Error('useVote: the Pollwire client does not exist yet (server rendering)');
      setOutcome({ pollId, status: 'pending' });
      try {
        await client.submitVote({ pollId, voteData });
        if (mounted.current) setOutcome({ pollId, status: 'accepted' });
      } catch (caught) {
        const error = caught as PollwireError;
        const reason = error instanceof VoteRejectedError ? error.reason : error.code;
        if (mounted.current) setOutcome({ pollId, status: 'rejected', reason, error });
      }
    },
    [client, pollId],
  );

  // A new poll id starts over.
  const current: VoteOutcome = outcome.pollId === pollId ? outcome : { pollId, status: 'idle' };
  const status = current.status === 'idle' && alreadyVoted ? 'accepted' : current.status;
  return { submit, status, reason: current.reason, error: current.error };
}
