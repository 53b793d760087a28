import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { roomAudience } from '@pollwire/contracts';
import type { PollCreatedPayload, VoteAcceptedConfirmation } from '@pollwire/contracts';
import {
  connectRedis,
  deleteKeys,
  REDIS_URL,
  readReferenceServerUrls,
  redisTestPrefix,
  requireRedis,
  type ServerProcess,
  spawnServerProcess,
  waitFor,
} from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ObservedClient, observeClient, roomState } from './observed-client.js';
import { startTcpBalancer, type TcpBalancer } from './tcp-balancer.js';

const redisAvailable = await requireRedis({ suite: 'the rolling restart test' });

const PARTICIPANTS = 40;
/** Votes go out one every this many ms, so the drain happens in the middle of them. */
const VOTE_EVERY_MS = 40;
/** SIGTERM this long after the first vote: about a third of the votes are in. */
const SIGTERM_AFTER_MS = 500;
const LB_CHECK_INTERVAL_MS = 100;
const READYZ_POLL_MS = 20;
const DRAIN = { delayMs: 300, spreadMs: 500, timeoutMs: 5_000 };
/** The drained process must be gone by then: delay + spread + timeout, and a second for the rest of the shutdown. */
const EXIT_BOUND_MS = DRAIN.delayMs + DRAIN.spreadMs + DRAIN.timeoutMs + 1_000;
const RECONNECT_P99_BOUND_MS = 2_000;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const startNode = (env: Record<string, string>) =>
  spawnServerProcess({
    script: fileURLToPath(new URL('../src/main.ts', import.meta.url)),
    cwd: ROOT,
    env,
    readUrls: readReferenceServerUrls,
  });

/** A JSON POST/GET on a connection of its own (`Connection: close`): each call is balanced afresh. */
function call<T>(baseUrl: string, method: 'GET' | 'POST', path: string, token?: string, body?: unknown) {
  return new Promise<{ status: number; body: T }>((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${baseUrl}${path}`,
      {
        method,
        agent: false,
        headers: {
          ...(text === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as T }),
        );
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of `values` (sorted ascending). */
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

/** Polls a node's `/readyz` until stopped; remembers when the first 503 arrived. */
function watchReadiness(readyUrl: string) {
  let first503At: number | undefined;
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      try {
        const response = await fetch(readyUrl, { signal: AbortSignal.timeout(200) });
        const body = (await response.json()) as { status: string };
        if (response.status === 503 && body.status === 'draining') first503At ??= performance.now();
      } catch {
        // the node closed
      }
      await sleep(READYZ_POLL_MS);
    }
  })();
  return {
    get first503At() {
      return first503At;
    },
    async stop() {
      stopped = true;
      await done;
    },
  };
}

interface Outcome {
  clients: ObservedClient[];
  fresh: ObservedClient;
  /** The clients whose socket went to the drained node. */
  moved: ObservedClient[];
  openOnDrainedAtSigterm: number;
  /** Connections through the balancer to each node, at the end. */
  openAtEnd: [number, number];
  votes: PromiseSettledResult<VoteAcceptedConfirmation>[];
  /** When each vote was submitted. */
  votedAt: number[];
  finalVoteCount: number;
  voters: string[];
  participantIds: string[];
  pollId: string;
  sigtermAt: number;
  first503At: number | undefined;
  exitCode: number | null;
  exitMs: number;
  refusedByBalancer: number;
}

describe.skipIf(!redisAvailable)('rolling restart: SIGTERM one of two Redis nodes behind a balancer, mid-poll', () => {
  const prefix = redisTestPrefix('rolling-restart');
  const nodes: ServerProcess[] = [];
  const clients: ObservedClient[] = [];
  let balancer: TcpBalancer | undefined;
  let outcome: Outcome;

  beforeAll(async () => {
    const env = {
      REDIS_URL,
      REDIS_PREFIX: prefix,
      PORT: '0',
      TOKEN_SECRET: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'warn',
      DRAIN_DELAY_MS: String(DRAIN.delayMs),
      DRAIN_SPREAD_MS: String(DRAIN.spreadMs),
      DRAIN_TIMEOUT_MS: String(DRAIN.timeoutMs),
    };
    // Pushed as each one starts, so that afterAll stops it even if the other fails to.
    await Promise.all([startNode(env), startNode(env)].map((started) => started.then((node) => nodes.push(node))));
    const [drained] = nodes as [ServerProcess, ServerProcess];
    balancer = await startTcpBalancer({ nodes, checkIntervalMs: LB_CHECK_INTERVAL_MS });
    const lb = balancer;
    expect([lb.isReady(0), lb.isReady(1)]).toEqual([true, true]);

    // The session, through the balancer.
    const created = await call<{ sessionId: string; slug: string; presenterToken: string }>(
      lb.httpUrl,
      'POST',
      '/api/sessions',
      undefined,
      { title: 'Rolling restart' },
    );
    const { sessionId, slug, presenterToken } = created.body;
    const presenter = <T>(path: string, body: unknown = {}) =>
      call<T>(lb.httpUrl, 'POST', `/api/sessions/${sessionId}${path}`, presenterToken, body);
    const people = await Promise.all(
      Array.from({ length: PARTICIPANTS }, async (_, i) => {
        const joined = await call<{ participantId: string; token: string }>(
          lb.httpUrl,
          'POST',
          `/api/sessions/${slug}/join`,
          undefined,
          { displayName: `P${i}` },
        );
        expect(joined.status).toBe(201);
        return joined.body;
      }),
    );
    expect((await presenter('/start')).status).toBe(200);
    const poll = await presenter<PollCreatedPayload>('/polls', {
      question: 'Deploy on Fridays?',
      pollType: 'multiple_choice',
      options: ['Yes', 'No', 'Only small ones'],
      isAnonymous: false,
    });
    expect(poll.status).toBe(201);
    const { pollId } = poll.body;
    const optionIds = (poll.body.options ?? []).map((o) => o.optionId);

    clients.push(observeClient({ name: 'presenter', url: lb.wsUrl, token: presenterToken }));
    for (const [i, p] of people.entries()) {
      clients.push(observeClient({ name: `P${i}`, url: lb.wsUrl, token: p.token, participantId: p.participantId }));
    }
    await waitFor(() => clients.every((c) => c.ready), 15_000, 'every client connected');
    expect((await presenter(`/polls/${pollId}/activate`)).status).toBe(200);
    await waitFor(
      () => clients.every((c) => c.client.state.getSnapshot().activePollId === pollId),
      10_000,
      'poll activated everywhere',
    );

    // Votes spread over time; the drain begins in the middle of them.
    const participants = clients.slice(1);
    const votedAt: number[] = [];
    const votes = Promise.allSettled(
      participants.map(async (c, i) => {
        await sleep(i * VOTE_EVERY_MS);
        votedAt.push(performance.now());
        return c.client.submitVote({ pollId, voteData: { selectedOptionIds: [optionIds[i % optionIds.length]!] } });
      }),
    );
    await sleep(SIGTERM_AFTER_MS);
    const readiness = watchReadiness(`${drained.httpUrl}/readyz`);
    await sleep(3 * READYZ_POLL_MS); // it saw `ready` before the signal
    expect(readiness.first503At).toBeUndefined();
    const openOnDrainedAtSigterm = lb.openTo(0);
    const exited = new Promise<number>((resolve) => drained.child.once('exit', () => resolve(performance.now())));
    const sigtermAt = performance.now();
    const exitCode = drained.stop(EXIT_BOUND_MS * 2);
    const settledVotes = await votes;
    const exitMs = (await exited) - sigtermAt;
    await readiness.stop();

    const moved = clients.filter((c) => c.statuses.some((s) => s.code === 1012));
    await waitFor(() => clients.every((c) => c.ready), 10_000, 'moved clients back');
    const closed = await presenter<{ finalVoteCount: number }>(`/polls/${pollId}/close`);
    expect(closed.status).toBe(200);
    const voters = await call<{ voters: { participantId: string }[] }>(
      lb.httpUrl,
      'GET',
      `/api/sessions/${sessionId}/polls/${pollId}/voters`,
      presenterToken,
    );
    // A presenter arriving now, with the whole log: the truth every client must match.
    const fresh = observeClient({ name: 'fresh presenter', url: lb.wsUrl, token: presenterToken, history: true });
    clients.push(fresh);
    const lastSeq = () => fresh.room.at(-1)?.seq ?? 0;
    await waitFor(
      () => fresh.ready && fresh.client.state.getSnapshot().polls[pollId]?.status === 'closed',
      10_000,
      'fresh presenter ready',
    );
    // Attendance counts go out at a bounded rate (1 s): wait for the log to be quiet, then for every client.
    let quietSince = performance.now();
    let seen = lastSeq();
    await waitFor(
      () => {
        if (lastSeq() !== seen) [seen, quietSince] = [lastSeq(), performance.now()];
        return performance.now() - quietSince > 1_500;
      },
      15_000,
      'log quiet',
    );
    const truth = JSON.stringify(roomState(fresh.client.state.getSnapshot()));
    await waitFor(
      () => clients.every((c) => JSON.stringify(roomState(c.client.state.getSnapshot())) === truth),
      5_000,
      'every client in the final state',
    ).catch(() => undefined); // the assertions below tell who differs

    outcome = {
      clients: clients.filter((c) => c !== fresh),
      fresh,
      moved,
      openOnDrainedAtSigterm,
      votes: settledVotes,
      votedAt,
      finalVoteCount: closed.body.finalVoteCount,
      voters: voters.body.voters.map((v) => v.participantId),
      participantIds: people.map((p) => p.participantId),
      pollId,
      sigtermAt,
      first503At: readiness.first503At,
      exitCode: await exitCode,
      exitMs,
      refusedByBalancer: lb.refused,
      openAtEnd: [lb.openTo(0), lb.openTo(1)],
    };
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.client.close();
    await balancer?.close();
    await Promise.all(nodes.map((n) => n.stop(5_000)));
    const redis = await connectRedis();
    await deleteKeys(redis, prefix);
    await redis.close();
  }, 30_000);

  it('moves the drained node’s clients to the other node at once: one reconnect each, service_restart, delayMs 0', () => {
    const { moved, clients: all } = outcome;
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBe(outcome.openOnDrainedAtSigterm);
    for (const c of moved) {
      const reconnecting = c.statuses.filter((s) => s.status === 'reconnecting');
      expect(reconnecting, c.name).toEqual([expect.objectContaining({ reason: 'service_restart', code: 1012 })]);
      expect(reconnecting[0], c.name).toMatchObject({ attempt: 1, delayMs: 0 });
      // Resumed by replay from the shared Redis log: nothing missed, no state resync.
      expect(c.reconnects, c.name).toEqual([expect.objectContaining({ recovered: true })]);
      expect(c.resyncs, c.name).toBe(0);
      expect(c.client.status, c.name).toBe('open');
    }
    // The other node's clients never noticed (`connecting` was emitted before the handler was on).
    for (const c of all.filter((x) => !moved.includes(x))) {
      expect(
        c.statuses.map((s) => s.status),
        c.name,
      ).toEqual(['open']);
    }
    expect(outcome.refusedByBalancer).toBe(0);
    // Every socket (the fresh presenter's included) is on the node left.
    expect(outcome.openAtEnd).toEqual([0, all.length + 1]);
    for (const c of [...all, outcome.fresh]) expect(c.errors, c.name).toEqual([]);
  });

  it('loses no event and repeats none: every client ends in the state a fresh presenter gets', () => {
    const { fresh } = outcome;
    const log = fresh.room;
    // The fresh presenter got the whole log, 1..n.
    expect(log.map((m) => m.seq)).toEqual(log.map((_, i) => i + 1));
    const audience = new Map(log.map((m) => [m.seq, roomAudience(m.event)]));
    const last = log.at(-1)!.seq;
    const truth = roomState(fresh.client.state.getSnapshot());
    expect(truth.polls[outcome.pollId]).toMatchObject({
      status: 'closed',
      results: { currentVoteCount: PARTICIPANTS },
    });
    for (const c of outcome.clients) {
      const ids = c.room.map((m) => m.eventId);
      expect(new Set(ids).size, `${c.name} saw an event twice`).toBe(ids.length);
      // Everything due to it after the state it connected with, in order.
      const from = (c.snapshots[0] ?? 0) + 1;
      const due = [];
      for (let seq = from; seq <= last; seq++) {
        if (c.role === 'presenter' || audience.get(seq) === 'everyone') due.push(seq);
      }
      expect(
        c.room.map((m) => m.seq),
        c.name,
      ).toEqual(due);
      expect(roomState(c.client.state.getSnapshot()), c.name).toEqual(truth);
    }
  });

  it('counts every vote exactly once, votes cast before, during and after the move included', () => {
    const lastBackAt = Math.max(...outcome.moved.map((c) => c.reconnects[0]!.at));
    const votedAt = outcome.votedAt;
    expect(votedAt.filter((at) => at < outcome.sigtermAt).length).toBeGreaterThan(0);
    expect(votedAt.filter((at) => at > outcome.sigtermAt && at < lastBackAt).length).toBeGreaterThan(0);
    expect(votedAt.filter((at) => at > lastBackAt).length).toBeGreaterThan(0);
    const accepted = outcome.votes.flatMap((v) => (v.status === 'fulfilled' ? [v.value] : []));
    const failed = outcome.votes.flatMap((v) => (v.status === 'rejected' ? [String(v.reason)] : []));
    expect(failed).toEqual([]);
    expect(new Set(accepted.map((v) => v.voteId)).size).toBe(PARTICIPANTS);
    expect(outcome.finalVoteCount).toBe(PARTICIPANTS);
    expect([...outcome.voters].sort()).toEqual([...outcome.participantIds].sort());
  });

  it('fails /readyz of the drained node before its first socket gets the 1012 close', () => {
    const firstCloseAt = Math.min(
      ...outcome.moved.map((c) => c.statuses.find((s) => s.code === 1012)?.at ?? Number.POSITIVE_INFINITY),
    );
    expect(outcome.first503At).toBeDefined();
    const first503At = outcome.first503At!;
    console.log(
      `rolling restart: /readyz 503 ${Math.round(first503At - outcome.sigtermAt)} ms after SIGTERM, ` +
        `first 1012 close ${Math.round(firstCloseAt - outcome.sigtermAt)} ms after SIGTERM (delay ${DRAIN.delayMs} ms)`,
    );
    expect(first503At).toBeLessThan(firstCloseAt);
    // The closes wait for the balancer to take the node out: about `delayMs` after readiness failed.
    expect(firstCloseAt - first503At).toBeGreaterThan(DRAIN.delayMs / 2);
  });

  it('exits the drained process with code 0 within delay + spread + timeout', () => {
    console.log(`rolling restart: drained process exited ${outcome.exitCode} after ${Math.round(outcome.exitMs)} ms`);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.exitMs).toBeLessThan(EXIT_BOUND_MS);
  });

  it(`reconnects the moved clients within ${RECONNECT_P99_BOUND_MS} ms at p99 (close seen → resumed)`, () => {
    const durations = outcome.moved
      .map((c) => {
        const closedAt = c.statuses.find((s) => s.code === 1012)!.at;
        const openAt = c.statuses.find((s) => s.status === 'open' && s.at > closedAt)!.at;
        return { resumed: c.reconnects[0]!.at - closedAt, open: openAt - closedAt };
      })
      .sort((a, b) => a.resumed - b.resumed);
    const resumed = durations.map((d) => d.resumed);
    const open = durations.map((d) => d.open).sort((a, b) => a - b);
    const figures = (values: number[]) =>
      `p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, max ${values.at(-1)!.toFixed(1)} ms`;
    console.log(
      `rolling restart: ${resumed.length} moved clients; close → resumed (connection:reconnected): ${figures(resumed)}; ` +
        `close → socket open: ${figures(open)}`,
    );
    expect(percentile(resumed, 99)).toBeLessThan(RECONNECT_P99_BOUND_MS);
  });
});
