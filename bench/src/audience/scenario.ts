import { randomBytes } from 'node:crypto';
import { bundleFile } from '../build/bundle.js';
import { cpuDeltaMs, monotonicMs, sleep } from '../clock.js';
import { type Child, spawnChild } from '../harness/children.js';
import { type ParticipantFigures, participantFigures } from './figures.js';
import type {
  AudienceClientMethods,
  AudienceClientOutNotices,
  AudienceNode,
  AudienceServerConfig,
  AudienceServerMethods,
  AudienceServerOutNotices,
  PresenterFigures,
  ServerFigures,
  StateComparison,
} from './protocol.js';
import { AUDIENCE_STACKS } from './stacks.js';
import type { AudienceStackName } from './protocol.js';

export interface AudienceRunOptions {
  stack: AudienceStackName;
  participants: number;
  /** Real client instances over the audience (the rest are raw sockets). */
  real: number;
  /** @default 30_000 */
  joinMs?: number;
  /** @default 20_000 */
  voteMs?: number;
  /** The run is abandoned past this (Socket.IO's 5 minutes). */
  deadlineMs: number;
  /** @default 2 */
  clientProcesses?: number;
  seed?: number;
  /** A line of progress, about every 2 s. */
  onProgress?: (line: string) => void;
}

/** One run of the audience scenario. */
export interface AudienceRun {
  stack: AudienceStackName;
  participants: number;
  real: number;
  /** Why the run stopped early, if it did. */
  failure: string | null;
  /** Seconds from the first join to the poll's close. */
  wallS: number;
  figures: ParticipantFigures | null;
  /** Server CPU seconds (all nodes) from the first join until the poll closed, and by phase. */
  serverCpuS: number;
  serverCpuJoinS: number;
  serverCpuVoteS: number;
  /** Peak RSS of the largest node, MiB. */
  peakRssMiB: number;
  acceptedVotes: number;
  finalVoteCount: number;
  /** Participants whose vote the server does not hold, and votes counted more than once. */
  lostVotes: number;
  duplicatedVotes: number;
  comparison: StateComparison | null;
  presenter: PresenterFigures | null;
}

/** A run with no figures yet: filled in as the scenario goes, or kept as it is for a size not run. */
export function emptyRun(
  stack: AudienceStackName,
  participants: number,
  real: number,
  failure: string | null,
): AudienceRun {
  return {
    stack,
    participants,
    real,
    failure,
    wallS: Number.NaN,
    figures: null,
    serverCpuS: Number.NaN,
    serverCpuJoinS: Number.NaN,
    serverCpuVoteS: Number.NaN,
    peakRssMiB: Number.NaN,
    acceptedVotes: 0,
    finalVoteCount: 0,
    lostVotes: Number.NaN,
    duplicatedVotes: Number.NaN,
    comparison: null,
    presenter: null,
  };
}

const ENTRIES = new URL('./entries/', import.meta.url).pathname;
const builds = new Map<string, Promise<string>>();
const bundled = (name: string) => {
  let build = builds.get(name);
  if (!build) {
    build = bundleFile(`${ENTRIES}${name}.ts`, `audience-${name}`).then((built) => {
      if (!built.ok) throw new Error(`cannot bundle ${name}: ${built.reason}`);
      return built.file;
    });
    builds.set(name, build);
  }
  return build;
};

type ServerChild = Child<AudienceServerMethods, {}>;
type ClientChild = Child<AudienceClientMethods, {}>;

async function until(done: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = monotonicMs() + timeoutMs;
  while (!(await done())) {
    if (monotonicMs() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

/**
 * Runs the audience scenario once: N participants join over `joinMs`, a 4-option poll opens, each participant votes
 * once within `voteMs`, and when every participant holds the final count (or 30 s passed) the poll closes. Server and
 * client processes are started for the run and stopped after it.
 */
export async function runAudience(options: AudienceRunOptions): Promise<AudienceRun> {
  const { participants: n, stack: stackName } = options;
  const stack = AUDIENCE_STACKS[stackName];
  const joinMs = options.joinMs ?? 30_000;
  const voteMs = options.voteMs ?? 20_000;
  const processes = options.clientProcesses ?? 2;
  const [serverFile, clientFile] = await Promise.all([bundled('server'), bundled(stack.clientEntry)]);
  const shared = {
    redisPrefix: `pwaudience:${randomBytes(4).toString('hex')}:`,
    tokenSecret: randomBytes(32).toString('base64url'),
  };

  const servers: ServerChild[] = [];
  const clients: ClientChild[] = [];
  const progress = { phase: 'starting', live: [] as number[], voted: [] as number[] };
  const started = monotonicMs();
  const ticker = setInterval(() => {
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const seconds = ((monotonicMs() - started) / 1000).toFixed(0);
    options.onProgress?.(
      `${progress.phase}: ${sum(progress.live)}/${n} live, ${sum(progress.voted)}/${n} voted (${seconds} s)`,
    );
  }, 2_000);
  const run = emptyRun(stackName, n, options.real, null);

  const scenario = async () => {
    const nodes: AudienceNode[] = await Promise.all(
      Array.from({ length: stack.nodes }, (_, node) => {
        const config: AudienceServerConfig = { stack: stackName, node, ...shared };
        return new Promise<AudienceNode>((resolve, reject) => {
          const server = spawnChild<AudienceServerMethods, {}, AudienceServerOutNotices>({
            file: serverFile,
            args: [JSON.stringify(config)],
            onNotice: { ready: resolve },
          });
          server.process.once('exit', (code) => reject(new Error(`server node ${node} exited (${code})`)));
          servers[node] = server;
        });
      }),
    );
    const session = await servers[0]!.rpc.request('prepare', undefined);
    for (let p = 0; p < processes; p++) {
      progress.live[p] = 0;
      progress.voted[p] = 0;
      clients.push(
        spawnChild<AudienceClientMethods, {}, AudienceClientOutNotices>({
          file: clientFile,
          onNotice: {
            progress: ({ live, voted }) => {
              progress.live[p] = live;
              progress.voted[p] = voted;
            },
          },
        }),
      );
    }
    const serverFigures = () => Promise.all(servers.map((s) => s.rpc.request('figures', undefined)));
    const cpuSince = (from: ServerFigures[], to: ServerFigures[]) =>
      from.reduce((sum, f, i) => sum + cpuDeltaMs(f.cpu, to[i]!.cpu).totalMs, 0) / 1000;

    // The presenter is there before the first join, so it sees every one.
    if (session) await clients[0]!.rpc.request('presenter', { nodes, session });
    const before = await serverFigures();
    progress.phase = 'join';
    const joinStart = monotonicMs();
    const share = Math.ceil(n / processes);
    const realShare = Math.ceil(options.real / processes);
    await Promise.all(
      clients.map((client, p) => {
        const count = Math.max(0, Math.min(share, n - p * share));
        return client.rpc.request(
          'join',
          {
            nodes,
            session,
            firstIndex: p * share,
            count,
            real: Math.min(realShare, count),
            durationMs: joinMs,
          },
          joinMs + 120_000,
        );
      }),
    );
    // The participant count goes out at most once a second: let the last one land in the join phase.
    await sleep(1_500);
    const joined = await serverFigures();

    progress.phase = 'vote';
    await Promise.all(clients.map((c) => c.rpc.request('votePhase', undefined)));
    const poll = await servers[0]!.rpc.request('openPoll', undefined);
    await Promise.all(
      clients.map((c) =>
        c.rpc.request('vote', { poll, durationMs: voteMs, seed: options.seed ?? 1 }, voteMs + 120_000),
      ),
    );
    const voted = await serverFigures();
    const accepted = voted.reduce((sum, f) => sum + f.acceptedVotes, 0);
    const lastVoteAt = Math.max(...voted.map((f) => f.lastVoteAt));
    progress.phase = 'results';
    await until(async () => {
      const held = await Promise.all(
        clients.map((c) => c.rpc.request('holding', { pollId: poll.pollId, count: accepted })),
      );
      return held.reduce((sum, h) => sum + h.holding, 0) >= n;
    }, 30_000);

    progress.phase = 'close';
    const closeAt = monotonicMs();
    const { finalVoteCount } = await servers[0]!.rpc.request('closePoll', { pollId: poll.pollId });
    await until(async () => {
      const held = await Promise.all(
        clients.map((c) => c.rpc.request('holding', { pollId: poll.pollId, count: finalVoteCount })),
      );
      return held.reduce((sum, h) => sum + h.closed, 0) >= n;
    }, 30_000);
    const after = await serverFigures();
    run.wallS = (monotonicMs() - joinStart) / 1000;
    await sleep(1_500);

    const first = await clients[0]!.rpc.request('compare', { pollId: poll.pollId, truth: null, finalVoteCount });
    const rest = await Promise.all(
      clients
        .slice(1)
        .map((c) => c.rpc.request('compare', { pollId: poll.pollId, truth: first.truth, finalVoteCount })),
    );
    const comparisons = [first, ...rest];
    run.comparison = {
      compared: comparisons.reduce((sum, c) => sum + c.compared, 0),
      equal: comparisons.reduce((sum, c) => sum + c.equal, 0),
      firstDifference: comparisons.find((c) => c.firstDifference !== null)?.firstDifference ?? null,
    };
    const collected = await Promise.all(clients.map((c) => c.rpc.request('collect', undefined)));
    run.presenter = collected.find((c) => c.presenter !== null)?.presenter ?? null;
    run.figures = participantFigures(
      collected.map((c) => c.records),
      { finalVoteCount, participants: n, lastVoteAt, closeAt },
    );
    run.serverCpuS = cpuSince(before, after);
    run.serverCpuJoinS = cpuSince(before, joined);
    run.serverCpuVoteS = cpuSince(joined, after);
    run.peakRssMiB = Math.max(...after.map((f) => f.peakRssBytes)) / 2 ** 20;
    run.acceptedVotes = after.reduce((sum, f) => sum + f.acceptedVotes, 0);
    run.finalVoteCount = finalVoteCount;
    run.lostVotes = Math.max(0, n - finalVoteCount);
    if (run.figures.live < n) run.failure = `${n - run.figures.live} of ${n} participants never got the live state`;
    run.duplicatedVotes = Math.max(0, finalVoteCount - n) + run.figures.doubleConfirmed;
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      scenario(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(`did not finish within ${(options.deadlineMs / 60_000).toFixed(0)} min (${progress.phase})`),
            ),
          options.deadlineMs,
        );
      }),
    ]);
  } catch (error) {
    run.failure = error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
    clearInterval(ticker);
    // Clients first: a server that goes first closes their sockets with 1001, which they would report.
    await Promise.all(clients.map((child) => child.stop(5_000)));
    await Promise.all(servers.map((child) => child.stop(5_000)));
  }
  return run;
}
