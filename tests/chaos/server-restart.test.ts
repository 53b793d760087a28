import { randomBytes } from 'node:crypto';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { createMemoryReplayLog, createMemorySessionStore, createMemoryVoteStore } from '@pollwire/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, optionIds, type TestSession } from '../support/api.js';
import { type ObservedClient, observeClient, roomState } from '../support/observed-client.js';
import { reportFigures, waitUntil } from '../support/report.js';
import { serverState } from '../support/server-truth.js';

const CLIENTS = 20;
const tokenSecret = randomBytes(32).toString('base64url');
const sessionStore = createMemorySessionStore();
const voteStore = createMemoryVoteStore();
/** A restart keeps the port, the token secret and the stores, but starts a new in-memory log (a new epoch). */
const boot = (port: number) =>
  startReferenceServer({ port, tokenSecret, sessionStore, voteStore, log: createMemoryReplayLog() });

let server: ReferenceServer;
let session: TestSession;
let clients: ObservedClient[] = [];
let prePolls: string[] = [];
let postPoll: string;
let restartMs = 0;

beforeAll(async () => {
  server = await boot(0);
  const port = Number(new URL(server.httpUrl).port);
  session = await createTestSession(server.httpUrl, 'Restart');
  const poll = await session.createChoicePoll('before restart');
  await session.start();
  await session.activate(poll.pollId);
  prePolls = [poll.pollId];
  const people = await Promise.all(Array.from({ length: CLIENTS }, () => session.join()));
  clients = people.map((p) =>
    observeClient({
      url: server.wsUrl,
      token: p.token,
      participantId: p.participantId,
      backoff: { minDelayMs: 50, maxDelayMs: 200 },
    }),
  );
  await waitUntil(() => clients.every((c) => c.client.status === 'open'), 10_000, 'clients open');
  await Promise.all(
    clients
      .slice(0, 5)
      .map((c) => c.client.submitVote({ pollId: poll.pollId, voteData: { selectedOptionIds: [optionIds(poll)[0]!] } })),
  );
  const started = performance.now();
  await server.close();
  server = await boot(port);
  restartMs = performance.now() - started;
  await waitUntil(
    () => clients.every((c) => c.resyncs.length > 0 && c.client.status === 'open'),
    15_000,
    'resync after restart',
  );
  const after = await session.createChoicePoll('after restart');
  postPoll = after.pollId;
  await waitUntil(
    () => clients.every((c) => c.client.state.getSnapshot().polls[postPoll] !== undefined),
    10_000,
    'post-restart event',
  );
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
});

describe('server restart with an in-memory log (new epoch)', () => {
  it(`every one of ${CLIENTS} clients is told to resync explicitly (epoch_mismatch) and matches the new log`, async () => {
    const truth = roomState(await serverState(server.hub.log, session.sessionId));
    // Participants see the participant count at a bounded rate: the latest one arrives within an interval.
    const settled = () =>
      clients.every((c) => JSON.stringify(roomState(c.client.state.getSnapshot())) === JSON.stringify(truth));
    await waitUntil(settled, 5_000, 'participant counts settled').catch(() => undefined);
    for (const c of clients) {
      expect(c.resyncs).toHaveLength(1);
      expect(c.resyncs[0]!.reason).toBe('epoch_mismatch');
      expect(roomState(c.client.state.getSnapshot())).toEqual(truth);
    }
    reportFigures('server-restart memory', {
      clients: CLIENTS,
      restartMs,
      resyncs: clients.reduce((n, c) => n + c.resyncs.length, 0),
      resyncSource: clients[0]!.resyncs[0]!.source,
    });
  });

  // The new log restores the session from the surviving stores, so the full replay carries the whole state.
  it('clients still know what happened before the restart: the polls, their status and their results', async () => {
    for (const c of clients) {
      const state = c.client.state.getSnapshot();
      expect(state.session.status).toBe('active');
      for (const pollId of prePolls) {
        expect(state.polls[pollId]?.status).toBe('active');
        expect(state.polls[pollId]?.results.currentVoteCount).toBe(5);
      }
      expect(state.activePollId).toBe(prePolls[0]);
    }
  });
});
