import { EVENT_NAMES, isReplayable, type ServerMessage } from '@pollwire/contracts';
import { applyNetworkFault, createFaultProxy, type FaultProxy } from '@pollwire/fault-proxy';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type ReferenceServer, startReferenceServer } from '../../../examples/reference-server/src/server.js';
import { createPollwireClient, type PollwireClient, type PollwireState, VoteRejectedError } from '../src/index.js';
import { createApiClient, waitFor } from './support/api.js';

/** `FC_RUNS` overrides; 200 runs take ~20 s. */
const NUM_RUNS = Number(process.env.FC_RUNS ?? 200);
const ROOM_EVENTS = EVENT_NAMES.filter(isReplayable);

type Step =
  | { kind: 'poll' }
  | { kind: 'start' }
  | { kind: 'activate' | 'close' | 'vote'; poll: number }
  | { kind: 'cut' }
  | { kind: 'blackhole' | 'wait'; ms: number }
  | { kind: 'delay'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'poll' as const }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'start' as const }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('activate' as const, 'close' as const, 'vote' as const),
      poll: fc.nat(4),
    }),
    weight: 5,
  },
  { arbitrary: fc.constant({ kind: 'cut' as const }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('blackhole' as const, 'wait' as const),
      ms: fc.integer({ min: 0, max: 120 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('delay' as const), ms: fc.integer({ min: 0, max: 20 }) }), weight: 1 },
);

function recordRoomEvents(client: PollwireClient): string[] {
  const ids: string[] = [];
  const on = client.on as (event: string, handler: (payload: unknown, message: ServerMessage) => void) => void;
  for (const name of ROOM_EVENTS)
    on(name, (_payload, message) => {
      if (message.seq !== undefined) ids.push(message.eventId);
    });
  return ids;
}

const roomState = ({ myVotes: _mine, ...rest }: PollwireState) => rest;

let server: ReferenceServer;
let proxy: FaultProxy;

beforeAll(async () => {
  server = await startReferenceServer({ port: 0, heartbeatIntervalMs: 250 });
  proxy = await createFaultProxy({ target: server.wsUrl });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

describe('convergence under network faults (real server, real sockets)', () => {
  it('ends in the state of a never-disconnected client, each handler seeing every event once', async () => {
    const api = createApiClient(server.httpUrl);
    let reconnects = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 2, maxLength: 10 }),
        fc.integer({ min: 5, max: 60 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        async (steps, minDelayMs, seed) => {
          proxy.heal();
          proxy.delay(0);
          const session = await api.createSession();
          const me = await session.join();
          let state = seed;
          const random = () => {
            state = (state * 48271) % 2147483647;
            return state / 2147483647;
          };
          const reference = createPollwireClient({ url: server.wsUrl, token: session.presenterToken, WebSocket });
          const subject = createPollwireClient({
            url: proxy.url,
            token: me.token,
            participantId: me.participantId,
            WebSocket,
            backoff: { minDelayMs, maxDelayMs: 100, random },
            connectTimeoutMs: 1000,
          });
          subject.on('status', (change) => {
            if (change.status === 'reconnecting') reconnects += 1;
          });
          const referenceIds = recordRoomEvents(reference);
          const subjectIds = recordRoomEvents(subject);
          const polls: Array<{ pollId: string; optionId: string }> = [];
          const votes = new Map<string, Promise<unknown>>();
          try {
            for (const action of steps) {
              const poll = 'poll' in action ? polls[action.poll % Math.max(polls.length, 1)] : undefined;
              switch (action.kind) {
                case 'poll': {
                  const created = await session.createPoll(`Q${polls.length}`);
                  if (created.pollType === 'multiple_choice') {
                    polls.push({ pollId: created.pollId, optionId: created.options[0]!.optionId });
                  }
                  break;
                }
                case 'start':
                  await session.start().catch(() => {}); // 409 once started
                  break;
                case 'activate':
                case 'close':
                  if (poll) await session[action.kind](poll.pollId).catch(() => {});
                  break;
                case 'vote':
                  if (poll && !votes.has(poll.pollId)) {
                    const vote = subject.submitVote({
                      pollId: poll.pollId,
                      voteData: { selectedOptionIds: [poll.optionId] },
                    });
                    votes.set(
                      poll.pollId,
                      vote.catch((error: unknown) => error),
                    );
                  }
                  break;
                default:
                  await applyNetworkFault(proxy, action);
              }
            }
            proxy.delay(0);
            const outcomes = await Promise.all(votes.values());
            // A sentinel event: once both clients have it, both have everything before it.
            const sentinel = await session.createPoll('sentinel');
            const converged = () =>
              subject.state.getSnapshot().polls[sentinel.pollId] !== undefined &&
              reference.state.getSnapshot().polls[sentinel.pollId] !== undefined &&
              subjectIds.length === referenceIds.length;
            await waitFor(converged, 15_000, 'convergence');

            expect(roomState(subject.state.getSnapshot())).toEqual(roomState(reference.state.getSnapshot()));
            expect(subjectIds).toEqual(referenceIds);
            expect(new Set(subjectIds).size).toBe(subjectIds.length);
            for (const [index, [pollId]] of [...votes].entries()) {
              const outcome = outcomes[index];
              const counted = reference.state.getSnapshot().polls[pollId]?.results.currentVoteCount;
              if (outcome instanceof Error) {
                // Only the poll's own state may refuse a vote: never a duplicate, timeout or lost vote.
                expect(outcome).toBeInstanceOf(VoteRejectedError);
                expect((outcome as VoteRejectedError).reason).toMatch(/^poll_(not_active|closed)$/);
                expect(counted).toBe(0);
              } else {
                expect(counted).toBe(1);
                expect(subject.state.getSnapshot().myVotes[pollId]).toBeDefined();
              }
            }
          } finally {
            subject.close();
            reference.close();
          }
        },
      ),
      { numRuns: NUM_RUNS, interruptAfterTimeLimit: 90_000 },
    );
    // The faults really happened: the property is not passing on calm networks only.
    expect(reconnects).toBeGreaterThan(NUM_RUNS / 10);
  }, 120_000);
});
