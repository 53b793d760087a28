import { isDeepStrictEqual } from 'node:util';
import { initialPollwireState, type PollwireState, reducePollwireState } from '@pollwire/client';
import { parseServerFrame, type PollCreatedPayload } from '@pollwire/contracts';
import type { SimulatedClient } from './audience.js';
import { ApiCallError } from './http-api.js';
import type { DemoMetrics } from './metrics.js';

/** One pass/fail line of the summary. */
export interface DemoCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerifyInput {
  /** The session's log (serialized envelopes), oldest first. */
  history: readonly string[];
  presenter: SimulatedClient;
  participants: readonly SimulatedClient[];
  polls: readonly PollCreatedPayload[];
  expected: { accepted: ReadonlyMap<string, number>; rejections: ReadonlyMap<string, number> };
  metrics: DemoMetrics;
  dropperCount: number;
  /** Whether each idempotent re-send got the original confirmation back. */
  resends: readonly boolean[];
  voters(pollId: string): Promise<{ voters: unknown[] }>;
}

/** The server's state: its log folded with the client's own reducer. */
export function reduceLog(frames: readonly string[]): PollwireState {
  let state = initialPollwireState;
  for (const frame of frames) {
    for (const result of parseServerFrame(frame)) {
      if (!result.ok) throw new Error(`the server logged an invalid frame: ${result.error.message}`);
      state = reducePollwireState(state, result.message);
    }
  }
  return state;
}

const withoutMyVotes = ({ myVotes: _, ...rest }: PollwireState) => rest;
const format = (map: Iterable<[string, number]>) =>
  [...map]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

/** The demo's pass/fail checks. */
export async function verifyRun(input: VerifyInput): Promise<DemoCheck[]> {
  const { metrics, participants, presenter, expected } = input;
  const server = withoutMyVotes(reduceLog(input.history));
  const everyone = [presenter, ...participants];
  const diverged = everyone.filter((c) => !isDeepStrictEqual(withoutMyVotes(c.client.state.getSnapshot()), server));
  const checks: DemoCheck[] = [
    {
      name: 'every client state equals the server log',
      ok: diverged.length === 0,
      detail:
        diverged.length === 0
          ? `${everyone.length} clients (state minus myVotes) equal reducePollwireState(server log of ${input.history.length} events)`
          : `diverged: ${diverged.map((c) => c.name).join(', ')}`,
    },
  ];

  const counts = input.polls.map((poll) => {
    const want = expected.accepted.get(poll.pollId) ?? -1;
    const counted = server.polls[poll.pollId]?.results.currentVoteCount;
    const mine = participants.filter((p) => p.client.state.getSnapshot().myVotes[poll.pollId] !== undefined).length;
    return { ok: counted === want && mine === want, text: `${counted}/${want} (myVotes ${mine})` };
  });
  checks.push({
    name: 'each vote counted once',
    ok: counts.every((c) => c.ok),
    detail: `final counts per poll: ${counts.map((c) => c.text).join(', ')}`,
  });

  checks.push({
    name: 'rejections as planned',
    ok: isDeepStrictEqual(new Map(metrics.rejections.entries()), new Map([...expected.rejections].sort())),
    detail: `got ${format(metrics.rejections.entries())}; planned ${format(expected.rejections)}`,
  });
  checks.push({
    name: 'idempotent re-send',
    ok: input.resends.length > 0 && input.resends.every(Boolean),
    detail: `${input.resends.filter(Boolean).length}/${input.resends.length} re-sends with the same requestId got the original confirmation`,
  });

  const droppers = participants.filter((p) => p.proxy !== undefined);
  const replayed = metrics.replaySizes.reduce((a, b) => a + b, 0);
  checks.push({
    name: 'dropped participants caught up by replay',
    ok: droppers.length === input.dropperCount && droppers.every((d) => d.resumes >= 1) && replayed > 0,
    detail: `${droppers.length} droppers, ${metrics.replaySizes.length} resumes, ${replayed} events replayed`,
  });

  const voterChecks = await Promise.all(
    input.polls.map(async (poll) => {
      const want = expected.accepted.get(poll.pollId);
      try {
        const { voters } = await input.voters(poll.pollId);
        return !poll.isAnonymous && voters.length === want;
      } catch (error) {
        return poll.isAnonymous && error instanceof ApiCallError && error.status === 403;
      }
    }),
  );
  checks.push({
    name: 'voter identities only via the API, never for anonymous polls',
    ok: voterChecks.every(Boolean),
    detail: `named polls list their voters, anonymous polls answer 403 (${voterChecks.filter(Boolean).length}/${voterChecks.length})`,
  });
  checks.push({
    name: 'no client errors',
    ok: metrics.clientErrors.length === 0,
    detail:
      metrics.clientErrors.length === 0
        ? 'no invalid frames or failed resyncs'
        : metrics.clientErrors.slice(0, 3).join('; '),
  });
  return checks;
}
