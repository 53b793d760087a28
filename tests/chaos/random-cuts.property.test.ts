import { applyNetworkFault, createFaultProxy, type FaultProxy, type NetworkFault } from '@pollwire/fault-proxy';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, optionIds } from '../support/api.js';
import { fcRuns } from '../support/knobs.js';
import { type ObservedClient, observeClient, roomState } from '../support/observed-client.js';
import { percentile, reportFigures, sleep, waitUntil } from '../support/report.js';
import { presentersOnlySeqs, serverState } from '../support/server-truth.js';

const RUNS = fcRuns(200, 1000);

type Step = { kind: 'poll' | 'start' } | { kind: 'activate' | 'close' | 'vote'; poll: number } | NetworkFault;

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'poll' as const }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'start' as const }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('activate' as const, 'close' as const, 'vote' as const),
      poll: fc.nat(3),
    }),
    weight: 5,
  },
  { arbitrary: fc.constant({ kind: 'cut' as const }), weight: 2 },
  // Cut the next connection mid-handshake: after 1..4 server frames (established, history batches, live).
  {
    arbitrary: fc.record({ kind: fc.constant('frameCut' as const), frames: fc.integer({ min: 1, max: 4 }) }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('blackhole' as const), ms: fc.integer({ min: 0, max: 80 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('delay' as const), ms: fc.integer({ min: 0, max: 15 }) }), weight: 1 },
);

let server: ReferenceServer;
let proxy: FaultProxy;
beforeAll(async () => {
  server = await startReferenceServer({ port: 0, heartbeatIntervalMs: 250, participantCountIntervalMs: 20 });
  proxy = await createFaultProxy({ target: server.wsUrl });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

const seeded = (seed: number) => {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
};

describe('random cuts, delays and black-holes between clients and a real server', () => {
  it(`${RUNS} fast-check runs: 0 lost, 0 delivered twice, every client's state equals the server's log`, async () => {
    const totals = {
      runs: 0,
      events: 0,
      reconnects: 0,
      lost: 0,
      duplicates: 0,
      earlyCutClients: 0,
      convergeMs: [] as number[],
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 2, maxLength: 8 }),
        fc.integer({ min: 1, max: 2 ** 31 - 2 }),
        async (steps, seed) => {
          proxy.heal();
          proxy.delay(0);
          const session = await createTestSession(server.httpUrl);
          const me = await session.join();
          const url = proxy.url;
          const common = {
            url,
            backoff: { minDelayMs: 10, maxDelayMs: 80, random: seeded(seed) },
            connectTimeoutMs: 600,
          };
          const voter = observeClient({ ...common, token: me.token, participantId: me.participantId });
          await waitUntil(() => voter.client.status === 'open' && voter.seqs.length > 0, 5000, 'voter open');
          // Cut before receiving any event: this client gets connection:established, then the TCP connection dies.
          proxy.cutAfterServerFrames(1);
          const early = observeClient({ ...common, token: session.presenterToken });
          const clients: ObservedClient[] = [voter, early];
          const polls: { pollId: string; optionId: string }[] = [];
          const votes: Promise<unknown>[] = [];
          const voted = new Set<string>();
          try {
            await waitUntil(() => early.statuses.some((s) => s.status === 'reconnecting'), 5000, 'early cut');
            expect(early.statuses.find((s) => s.status === 'reconnecting')?.seen).toBe(0);
            for (const action of steps) {
              const poll = 'poll' in action ? polls[action.poll % Math.max(polls.length, 1)] : undefined;
              switch (action.kind) {
                case 'poll': {
                  const created = await session.createChoicePoll(`Q${polls.length}`);
                  polls.push({ pollId: created.pollId, optionId: optionIds(created)[0]! });
                  break;
                }
                case 'start':
                  await session.start().catch(() => undefined); // 409 once started
                  break;
                case 'activate':
                case 'close':
                  if (poll) await session[action.kind](poll.pollId).catch(() => undefined);
                  break;
                case 'vote':
                  if (poll && !voted.has(poll.pollId)) {
                    voted.add(poll.pollId);
                    const vote = voter.client.submitVote({
                      pollId: poll.pollId,
                      voteData: { selectedOptionIds: [poll.optionId] },
                    });
                    votes.push(vote.catch((error: unknown) => error));
                  }
                  break;
                default:
                  await applyNetworkFault(proxy, action);
              }
            }
            proxy.delay(0);
            proxy.cutAfterServerFrames(Number.POSITIVE_INFINITY); // disarm
            await Promise.all(votes);
            const started = performance.now();
            const sentinel = await session.createChoicePoll('sentinel');
            // Attendance events of a late reconnection may still be appended: wait until the log stops growing.
            let lastSeq = 0;
            let presentersOnly = new Set<number>();
            for (let settled = false; !settled; ) {
              lastSeq = (await server.hub.log.head(session.sessionId)).lastSeq;
              presentersOnly = await presentersOnlySeqs(server.hub.log, session.sessionId);
              await waitUntil(
                () =>
                  clients.every(
                    (c) =>
                      c.client.status === 'open' &&
                      c.client.state.getSnapshot().polls[sentinel.pollId] !== undefined &&
                      c.holds(lastSeq, presentersOnly),
                  ),
                15_000,
                'convergence',
              );
              // Longer than the participant count's interval: its latest value may still be on its way.
              await sleep(40);
              settled = (await server.hub.log.head(session.sessionId)).lastSeq === lastSeq;
            }
            totals.convergeMs.push(performance.now() - started);
            const truth = roomState(await serverState(server.hub.log, session.sessionId));
            for (const observed of clients) {
              const faults = observed.faults(lastSeq, presentersOnly);
              totals.lost += faults.lost;
              totals.duplicates += faults.duplicates;
              expect(faults).toEqual({ lost: 0, duplicates: 0, outOfOrder: 0 });
              expect(roomState(observed.client.state.getSnapshot())).toEqual(truth);
              totals.reconnects += observed.statuses.filter((s) => s.status === 'reconnecting').length;
            }
            totals.runs += 1;
            totals.events += lastSeq;
            totals.earlyCutClients += 1;
          } finally {
            for (const observed of clients) observed.close();
          }
        },
      ),
      { numRuns: RUNS, interruptAfterTimeLimit: 150_000, markInterruptAsFailure: true },
    );
    reportFigures('random-cuts', {
      runs: totals.runs,
      roomEvents: totals.events,
      reconnects: totals.reconnects,
      earlyCutClients: totals.earlyCutClients,
      lost: totals.lost,
      duplicates: totals.duplicates,
      convergeP50Ms: percentile(totals.convergeMs, 50),
      convergeP99Ms: percentile(totals.convergeMs, 99),
    });
    expect(totals.runs).toBe(RUNS);
    // The faults really happened: at least the early-cut client reconnected in every run.
    expect(totals.reconnects).toBeGreaterThanOrEqual(RUNS);
  }, 180_000);
});
