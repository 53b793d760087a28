import { randomUUID } from 'node:crypto';
import { VoteRejectedError } from '@pollwire/client';
import type { PollCreatedPayload, VoteData } from '@pollwire/contracts';
import { createFaultProxy, type FaultProxy } from '@pollwire/fault-proxy';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { createSimulatedClient, type SimulatedClient } from './audience.js';
import { createHttpApi } from './http-api.js';
import type { DemoMetrics } from './metrics.js';
import { chooseVote, DEMO_POLLS } from './polls.js';
import { createRandom } from './random.js';
import { type DemoCheck, verifyRun } from './verify.js';

export interface ScenarioOptions {
  participants: number;
  seed: number;
  metrics: DemoMetrics;
  /** A step of the run, for the views. */
  onStep(text: string): void;
  /** Runs against this server, left open, instead of starting (and closing) one. */
  server?: ReferenceServer;
  /** Called once the run was checked, before the clients close (e.g. to read the server's metrics). */
  onSettled?(): Promise<void>;
  /** The simulated audience once connected (the live view reads the presenter's state). */
  onAudience?(audience: { presenter: SimulatedClient; participants: readonly SimulatedClient[] }): void;
}

export interface ScenarioResult {
  checks: DemoCheck[];
  durationMs: number;
  /** Room events in the session's log, by type. */
  loggedByType: [string, number][];
}

/** Timing of the simulated audience, in ms. */
export const DEMO_TIMING = {
  /** Votes arrive spread over this long after a poll opens. */
  voteSpreadMs: 1_500,
  /** How long dropping participants stay offline. */
  offlineMs: 900,
  /** Pause between polls, so the live view can be read. */
  pauseMs: 300,
  /** Longest wait for every client to reach the server's last event. */
  settleTimeoutMs: 15_000,
} as const;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * The whole catalog over real sockets: session created and started; per poll type (anonymous and not) created,
 * activated, voted on (some participants drop mid-poll and catch up by replay), duplicate, invalid and late votes
 * rejected, closed; session ended. Then every client's final state is checked against the server's log.
 */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const { metrics, onStep } = options;
  const random = createRandom(options.seed);
  const startedAt = Date.now();
  const server = options.server ?? (await startReferenceServer({ port: 0 }));
  const api = createHttpApi(server.httpUrl);
  const clients: SimulatedClient[] = [];
  const proxies: FaultProxy[] = [];
  const expected = { accepted: new Map<string, number>(), rejections: new Map<string, number>() };
  const resends: boolean[] = [];
  const expectRejection = (reason: string) =>
    expected.rejections.set(reason, (expected.rejections.get(reason) ?? 0) + 1);

  try {
    const session = await api.createSession('Pollwire demo');
    const { sessionId, presenterToken } = session;
    onStep(`session created (slug ${session.slug})`);
    const presenter = createSimulatedClient({ name: 'presenter', url: server.wsUrl, token: presenterToken, metrics });
    clients.push(presenter);

    const dropperCount = Math.max(2, Math.round(options.participants / 10));
    const participants: SimulatedClient[] = [];
    for (let i = 0; i < options.participants; i++) {
      const joined = await api.join(session.slug, `Guest ${i + 1}`);
      const proxy = i < dropperCount ? await createFaultProxy({ target: server.wsUrl }) : undefined;
      if (proxy) proxies.push(proxy);
      participants.push(
        createSimulatedClient({
          name: `participant ${i + 1}`,
          url: proxy ? proxy.url : server.wsUrl,
          token: joined.token,
          participantId: joined.participantId,
          ...(proxy ? { proxy } : {}),
          metrics,
        }),
      );
    }
    clients.push(...participants);
    options.onAudience?.({ presenter, participants });
    await waitFor(
      'participants to connect',
      () => presenter.client.state.getSnapshot().participantCount === options.participants,
      DEMO_TIMING.settleTimeoutMs,
    );
    onStep(`${options.participants} participants connected (${dropperCount} behind a droppable proxy)`);

    await api.start(sessionId, presenterToken);
    onStep('session started');
    const polls: PollCreatedPayload[] = [];
    for (const input of DEMO_POLLS) polls.push(await api.createPoll(sessionId, presenterToken, input));
    onStep(`${polls.length} polls created`);

    const submit = (client: SimulatedClient, pollId: string, voteData: VoteData, requestId?: string, resend = false) =>
      client.client.submitVote({ pollId, voteData }, requestId ? { requestId } : {}).then(
        (confirmation) => {
          metrics.votes.add(resend ? 'repeated' : 'accepted');
          return confirmation;
        },
        (error: unknown) => {
          if (error instanceof VoteRejectedError) metrics.rejections.add(error.reason);
          else metrics.rejections.add(`failed: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        },
      );

    for (const [index, poll] of polls.entries()) {
      const label = `poll ${index + 1}/${polls.length} (${poll.pollType}${poll.pollType === 'multiple_choice' && poll.allowMultiple ? ', multi-select' : ''}, ${poll.isAnonymous ? 'anonymous' : 'named'})`;
      await api.activate(sessionId, poll.pollId, presenterToken);
      onStep(`${label} activated: ${poll.question}`);

      const late = random.sample(participants.slice(dropperCount), 2);
      const voters = participants.filter((p) => !late.includes(p));
      expected.accepted.set(poll.pollId, voters.length);
      const dropping = index % 2 === 0;
      const ballots = voters.map(() => ({ requestId: randomUUID(), voteData: chooseVote(poll, random) }));
      const votes = voters.map(async (voter, i) => {
        await sleep(random.int(50, DEMO_TIMING.voteSpreadMs));
        return submit(voter, poll.pollId, ballots[i]!.voteData, ballots[i]!.requestId);
      });

      if (index === 0) {
        // Voting on a poll that is created but not active.
        const next = polls[1]!;
        expectRejection('poll_not_active');
        void submit(random.pick(voters), next.pollId, chooseVote(next, random));
      }
      if (dropping) {
        await sleep(DEMO_TIMING.voteSpreadMs * 0.3);
        for (const proxy of proxies) proxy.refuse();
        onStep(`${proxies.length} participants dropped mid-poll`);
        await sleep(DEMO_TIMING.offlineMs);
        for (const proxy of proxies) proxy.heal();
      }
      const confirmations = await Promise.all(votes);

      // Re-sending a vote with its original requestId counts nothing twice; a new requestId is a duplicate.
      const resent = await submit(voters[0]!, poll.pollId, ballots[0]!.voteData, ballots[0]!.requestId, true);
      resends.push(resent !== undefined && resent.voteId === confirmations[0]?.voteId);
      for (const duplicate of random.sample(voters, 3)) {
        expectRejection('duplicate_vote');
        await submit(duplicate, poll.pollId, chooseVote(poll, random));
      }
      if (poll.pollType === 'multiple_choice' && !poll.allowMultiple) {
        expectRejection('invalid_option');
        await submit(late[0]!, poll.pollId, { selectedOptionIds: ['00000000-0000-4000-8000-000000000000'] });
      }
      if (poll.pollType === 'rating_scale') {
        expectRejection('invalid_rating');
        await submit(late[0]!, poll.pollId, { ratingValue: (poll.maxRating ?? 5) + 4 });
      }
      const closed = await api.close(sessionId, poll.pollId, presenterToken);
      onStep(`${label} closed with ${closed.finalVoteCount} votes`);
      for (const latecomer of late) {
        expectRejection('poll_closed');
        await submit(latecomer, poll.pollId, chooseVote(poll, random));
      }
      await sleep(DEMO_TIMING.pauseMs);
    }

    await api.end(sessionId, presenterToken);
    onStep('session ended');
    const head = await server.hub.log.head(sessionId);
    await waitFor(
      'every client to reach the last event',
      () => clients.every((c) => c.lastSeq === head.lastSeq),
      DEMO_TIMING.settleTimeoutMs,
    );

    const history = await server.hub.log.history(sessionId);
    const checks = await verifyRun({
      history: history.frames,
      presenter,
      participants,
      polls,
      expected,
      metrics,
      dropperCount,
      resends,
      voters: (pollId) => api.voters(sessionId, pollId, presenterToken),
    });
    const loggedByType = new Map<string, number>();
    for (const frame of history.frames) {
      const event = (JSON.parse(frame) as { event: string }).event;
      loggedByType.set(event, (loggedByType.get(event) ?? 0) + 1);
    }
    await options.onSettled?.();
    return { checks, durationMs: Date.now() - startedAt, loggedByType: [...loggedByType].sort() };
  } finally {
    for (const client of clients) client.client.close();
    await Promise.all(proxies.map((proxy) => proxy.close()));
    if (!options.server) await server.close();
  }
}
