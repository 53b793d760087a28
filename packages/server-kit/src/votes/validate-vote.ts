import type { VoteData, VoteRejectionReason } from '@pollwire/contracts/client';
import type { PollRecord } from '../sessions/records.js';

/** Why a vote cannot be counted, before the one-vote rule (which the vote store enforces atomically). */
export type VoteCheck =
  | { ok: true }
  | { ok: false; kind: 'rejected'; reason: VoteRejectionReason; message: string }
  | { ok: false; kind: 'invalid'; message: string };

/**
 * Checks a vote against its poll (pure): poll state, options, `allowMultiple`, rating range, data shape.
 * A draft poll is `poll_not_active`; a closed one `poll_closed` (late votes). Vote data of the wrong type is
 * `invalid_option` (multiple choice), `invalid_rating` (rating scale) or `invalid` (open text).
 */
export function checkVote(poll: PollRecord, vote: VoteData): VoteCheck {
  if (poll.status === 'closed') return rejected('poll_closed', 'voting on this poll has ended');
  if (poll.status !== 'active') return rejected('poll_not_active', 'this poll is not open for voting');
  switch (poll.pollType) {
    case 'multiple_choice': {
      if (!('selectedOptionIds' in vote)) return rejected('invalid_option', 'select one or more options');
      if (!poll.allowMultiple && vote.selectedOptionIds.length > 1) {
        return rejected('invalid_option', 'this poll allows a single option');
      }
      const known = new Set((poll.options ?? []).map((o) => o.optionId));
      const unknown = vote.selectedOptionIds.find((id) => !known.has(id));
      if (unknown !== undefined) return rejected('invalid_option', `option ${unknown} is not part of this poll`);
      return { ok: true };
    }
    case 'rating_scale': {
      if (!('ratingValue' in vote)) return rejected('invalid_rating', 'a rating value is required');
      const min = poll.minRating ?? 1;
      const max = poll.maxRating ?? 5;
      if (vote.ratingValue < min || vote.ratingValue > max) {
        return rejected('invalid_rating', `rating must be between ${min} and ${max}`);
      }
      return { ok: true };
    }
    case 'open_text':
      if (!('textResponse' in vote)) return { ok: false, kind: 'invalid', message: 'a textResponse is required' };
      return { ok: true };
  }
}

const rejected = (reason: VoteRejectionReason, message: string): VoteCheck => ({
  ok: false,
  kind: 'rejected',
  reason,
  message,
});
