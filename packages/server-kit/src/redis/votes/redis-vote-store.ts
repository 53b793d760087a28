import type { VoteRecord, VoteStore, RecordVoteInput, RecordVoteResult } from '../../votes/vote-store.js';
import type { Tally } from '../../votes/tally.js';
import type { RedisCommandClient } from '../connection/client.js';
import { createRedisCommands, type RedisCommandsOptions } from '../connection/commands.js';
import { createRedisKeys, DEFAULT_KEY_PREFIX } from '../keys.js';
import { fallbackAggregates, parseTally, type StoredVote, toVoteRecord } from './stored-vote.js';
import { finalizeVoteScript, recordVoteScript } from './vote-scripts.js';

export interface RedisVoteStoreOptions extends RedisCommandsOptions {
  client: RedisCommandClient;
  /** @default 'pollwire:' */
  prefix?: string;
  /** A recorded vote could not be finalized (it stays counted; retries compute its confirmation). */
  onError?: (error: unknown) => void;
}

/** The Redis vote store with its finalize errors observable. */
export interface RedisVoteStore extends VoteStore {
  findByRequest(sessionId: string, participantId: string, requestId: string): Promise<VoteRecord | undefined>;
  record(input: RecordVoteInput): Promise<RecordVoteResult>;
  tally(sessionId: string, pollId: string): Promise<Tally>;
  votes(sessionId: string, pollId: string): Promise<VoteRecord[]>;
  voteOf(sessionId: string, pollId: string, participantId: string): Promise<VoteRecord | undefined>;
}

const requestField = (participantId: string, requestId: string | undefined) =>
  requestId === undefined ? '' : `${participantId}:${requestId}`;

/**
 * Votes in Redis, shared by every node: one Lua script checks the requestId, the one-vote rule and counts
 * (tally per poll) atomically, so concurrent identical votes on two nodes count once and tallies are exact.
 * The confirmation aggregates are computed by the node from the tally the script returns and stored next.
 *
 * @example
 * const voteStore = createRedisVoteStore({ client, prefix: 'pollwire:' });
 * const pollwire = createPollwire({ voteStore, log, sessionStore });
 */
export function createRedisVoteStore(options: RedisVoteStoreOptions): RedisVoteStore {
  const keys = createRedisKeys(options.prefix ?? DEFAULT_KEY_PREFIX);
  const commands = createRedisCommands(options.client, options);
  const scriptKeys = (sessionId: string, pollId: string) => [
    keys.voteRequests(sessionId),
    keys.votes(sessionId, pollId),
    keys.voteTally(sessionId, pollId),
  ];

  return {
    async findByRequest(sessionId, participantId, requestId) {
      const json = (await commands.call([
        'HGET',
        keys.voteRequests(sessionId),
        requestField(participantId, requestId),
      ])) as string | null;
      if (json === null) return undefined;
      const stored = JSON.parse(json) as StoredVote;
      // Not finalized yet: `record` answers it, computing the confirmation from the stored tally.
      return stored.aggregates ? toVoteRecord(stored, stored.aggregates) : undefined;
    },

    async record(input) {
      const { voteData } = input;
      const base: Omit<VoteRecord, 'aggregates'> = {
        voteId: input.voteId,
        sessionId: input.sessionId,
        pollId: input.pollId,
        participantId: input.participantId,
        voteData,
        submittedAt: input.submittedAt,
      };
      if (input.requestId !== undefined) base.requestId = input.requestId;
      const counted =
        'selectedOptionIds' in voteData
          ? ['options', ...voteData.selectedOptionIds]
          : 'ratingValue' in voteData
            ? ['rating', String(voteData.ratingValue)]
            : ['none'];
      const field = requestField(input.participantId, input.requestId);
      const [status, json] = (await commands.eval(recordVoteScript, scriptKeys(input.sessionId, input.pollId), [
        input.participantId,
        field,
        JSON.stringify(base),
        ...counted,
      ])) as ['recorded' | 'replayed' | 'duplicate', string?];
      if (status === 'duplicate') return { status };
      const stored = JSON.parse(json!) as StoredVote;
      if (status === 'replayed') {
        // The original vote's confirmation: its aggregates, or (never finalized) recomputed from its tally.
        const aggregates = stored.aggregates ?? {
          ...input.aggregates(parseTally(stored.tally ?? [])),
          voteId: stored.voteId,
          submittedAt: stored.submittedAt,
        };
        return { status, vote: toVoteRecord(stored, aggregates) };
      }
      const tally = parseTally(stored.tally ?? []);
      const vote = toVoteRecord(stored, input.aggregates(tally));
      try {
        await commands.eval(finalizeVoteScript, scriptKeys(input.sessionId, input.pollId), [
          input.participantId,
          field,
          JSON.stringify({ ...vote, aggregates: vote.aggregates }),
          json!,
        ]);
      } catch (error) {
        // Counted already: report success; a retry with the same requestId recomputes the same confirmation.
        options.onError?.(error);
      }
      return { status: 'recorded', vote, tally };
    },

    async tally(sessionId, pollId) {
      return parseTally((await commands.call(['HGETALL', keys.voteTally(sessionId, pollId)])) as string[]);
    },

    async votes(sessionId, pollId) {
      const values = (await commands.call(['HVALS', keys.votes(sessionId, pollId)])) as string[];
      return values.map((json) => {
        const stored = JSON.parse(json) as StoredVote;
        return toVoteRecord(stored, stored.aggregates ?? fallbackAggregates(stored));
      });
    },

    async voteOf(sessionId, pollId, participantId) {
      const json = await commands.call(['HGET', keys.votes(sessionId, pollId), participantId]);
      if (typeof json !== 'string') return undefined;
      const stored = JSON.parse(json) as StoredVote;
      return toVoteRecord(stored, stored.aggregates ?? fallbackAggregates(stored));
    },
  };
}
