import { cpuSample, monotonicMs, sleep } from '../../clock.js';
import { createRpcPeer } from '../../ipc/rpc.js';
import type { AudienceClientMethods, AudienceClientOutNotices, JoinParams } from '../protocol.js';
import type { AudienceDriver, AudienceParticipant, AudiencePresenter } from './participant.js';
import { createRecorder, type Recorder } from './records.js';

/** How often a client process reports its progress. */
const PROGRESS_INTERVAL_MS = 1_000;
/** Errors printed per process (the rest are counted). */
const MAX_PRINTED_ERRORS = 5;

/** A deterministic generator in [0, 1) (mulberry32): every run votes at the same times for the same options. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs one client process of the audience scenario: its share of the participants (real client instances first,
 * raw sockets for the rest), joining and voting on the harness' schedule, with every frame recorded by phase.
 */
export function runAudienceClientProcess(driver: AudienceDriver): void {
  process.on('disconnect', () => process.exit(0));
  let recorder: Recorder = createRecorder(0);
  let participants: (AudienceParticipant | undefined)[] = [];
  let presenter: AudiencePresenter | undefined;
  let params: JoinParams | undefined;
  let live = 0;
  let voted = 0;
  let errors = 0;
  const report = (what: string, error: unknown) => {
    errors++;
    if (errors <= MAX_PRINTED_ERRORS) process.stderr.write(`[audience] ${what}: ${String(error)}\n`);
  };

  const harness = createRpcPeer<{}, AudienceClientMethods, AudienceClientOutNotices>({
    port: process,
    handlers: {
      presenter: async ({ nodes, session }) => {
        if (driver.presenter) presenter = await driver.presenter(nodes[0]!, session);
      },
      join: async (join) => {
        params = join;
        recorder = createRecorder(join.count);
        participants = new Array(join.count);
        const start = monotonicMs();
        const joins: Promise<void>[] = [];
        for (let k = 0; k < join.count; k++) {
          const at = start + (k * join.durationMs) / join.count;
          const wait = at - monotonicMs();
          if (wait > 1) await sleep(wait);
          const globalIndex = join.firstIndex + k;
          const context = {
            index: k,
            globalIndex,
            node: join.nodes[globalIndex % join.nodes.length]!,
            session: join.session,
            recorder,
          };
          joins.push(
            (k < join.real ? driver.real : driver.raw)(context).then(
              (participant) => {
                participants[k] = participant;
                live++;
              },
              (error: unknown) => report(`participant ${globalIndex} did not join`, error),
            ),
          );
        }
        await Promise.all(joins);
        return { live };
      },
      votePhase: () => {
        recorder.phase = 'vote';
      },
      vote: async ({ poll, durationMs, seed }) => {
        const random = seededRandom(seed + (params?.firstIndex ?? 0));
        for (const participant of participants) participant?.watch(poll);
        const start = monotonicMs();
        // `Array.from`: a participant that failed to join is a hole, which `map` would skip.
        const schedule = Array.from(participants, (participant, k) => ({
          participant,
          k,
          at: start + random() * durationMs,
          option: poll.optionIds[Math.floor(random() * poll.optionIds.length)]!,
        }));
        schedule.sort((a, b) => a.at - b.at);
        for (const { participant, at, option } of schedule) {
          const wait = at - monotonicMs();
          if (wait > 1) await sleep(wait);
          participant?.vote(poll, option);
          voted++;
        }
        const { confirmations, rejections } = recorder.records;
        const answered = () => participants.every((_, k) => confirmations[k]! + rejections[k]! > 0);
        const deadline = monotonicMs() + 60_000;
        while (!answered() && monotonicMs() < deadline) await sleep(50);
        return {
          confirmed: confirmations.reduce((n, c) => n + (c > 0 ? 1 : 0), 0),
          rejected: rejections.reduce((n, r) => n + (r > 0 ? 1 : 0), 0),
        };
      },
      holding: ({ count }) => {
        const { heldCount } = recorder.records;
        let holding = 0;
        let closed = 0;
        for (let k = 0; k < heldCount.length; k++) {
          if (heldCount[k] === count) holding++;
          if (recorder.isClosed(k)) closed++;
        }
        return { holding, closed };
      },
      collect: () => ({ records: recorder.records, presenter: presenter?.figures() ?? null, cpu: cpuSample() }),
      compare: async ({ truth, finalVoteCount }) => {
        const real = participants.slice(0, params?.real ?? 0);
        let server = truth;
        if (server === null && driver.serverState && params?.session) {
          server = await driver.serverState(params.nodes[0]!, params.session);
        }
        let equal = 0;
        let firstDifference: string | null = null;
        real.forEach((participant, k) => {
          const held = participant?.roomState?.();
          const same =
            server !== null && held !== undefined
              ? held === server
              : recorder.records.heldCount[k] === finalVoteCount && recorder.isClosed(k);
          if (same) equal++;
          else
            firstDifference ??= `participant ${(params?.firstIndex ?? 0) + k}: ${held ?? recorder.records.heldCount[k]}`;
        });
        return { compared: real.length, equal, firstDifference, truth: server };
      },
      close: () => {
        for (const participant of participants) participant?.close();
        presenter?.close();
        setTimeout(() => process.exit(0), 100);
      },
    },
  });

  setInterval(() => harness.notify('progress', { live, voted }), PROGRESS_INTERVAL_MS).unref();
}
