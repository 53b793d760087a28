import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initialPollwireState, type PollwireState, reducePollwireState } from '@pollwire/client';
import { parseServerFrame, roomAudience } from '@pollwire/contracts';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// esbuild is a dependency of the example, not of tests/: its build script bundles for us.
import { bundleBrowserModule } from '../../examples/browser-live-poll/scripts/build.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

const CLIENT_DIST = resolve('packages/client/dist/index.js');
const WAIT = { timeout: 20_000 };

/** What the page exposes to the test. */
interface PageProbe {
  seqs: number[];
  snapshots: number[];
  status: string;
  state(): PollwireState;
}

async function api<T>(server: ReferenceServer, path: string, body: unknown = {}, token?: string): Promise<T> {
  const response = await fetch(`${server.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const withoutMyVotes = ({ myVotes: _, ...rest }: PollwireState) => rest;

describe.skipIf(!chromiumAvailable('client bundle browser test'))(
  'the built client bundle in headless Chromium',
  () => {
    let server: ReferenceServer;
    let browser: Browser;
    let dir: string;

    beforeAll(async () => {
      if (!existsSync(CLIENT_DIST)) {
        throw new Error(`${CLIENT_DIST} is missing: run \`pnpm build\` (or \`pnpm --filter @pollwire/client build\`)`);
      }
      dir = await mkdtemp(join(tmpdir(), 'pollwire-client-bundle-'));
      // The published ESM build, with its dependencies (contracts' build, zod), as one browser module.
      await bundleBrowserModule({ entry: CLIENT_DIST, outfile: join(dir, 'client.js') });
      await writeFile(
        join(dir, 'index.html'),
        '<!doctype html><title>client bundle</title>' +
          '<script type="module">import * as pollwire from \'./client.js\'; globalThis.pollwire = pollwire;</script>',
      );
      server = await startReferenceServer({ port: 0, staticDir: dir, heartbeatIntervalMs: 1_000 });
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** A serializable view of what the page observed. */
    const observe = (page: Page) =>
      page.evaluate(() => {
        const p = (globalThis as unknown as { probe: PageProbe }).probe;
        return { status: p.status, state: p.state(), seqs: [...p.seqs], snapshots: [...p.snapshots] };
      });
    const probe = async <T>(page: Page, read: (seen: Awaited<ReturnType<typeof observe>>) => T) =>
      read(await observe(page));

    it('connects, receives, votes, goes offline, comes back and catches up', async () => {
      const session = await api<{ sessionId: string; slug: string; presenterToken: string }>(server, '/api/sessions', {
        title: 'Bundle',
      });
      const auth = session.presenterToken;
      const base = `/api/sessions/${session.sessionId}`;
      await api(server, `${base}/start`, {}, auth);
      const joined = await api<{ participantId: string; token: string }>(server, `/api/sessions/${session.slug}/join`);

      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.httpUrl}/index.html`);
      await page.waitForFunction(() => 'pollwire' in globalThis, undefined, WAIT);
      await page.evaluate(
        ({ url, token, participantId }) => {
          // biome-ignore lint/suspicious/noExplicitAny: the bundle's module namespace, untyped in the page
          const { createPollwireClient } = (globalThis as any).pollwire;
          const client = createPollwireClient({ url, token, participantId });
          const probe = {
            client,
            seqs: [] as number[],
            snapshots: [] as number[],
            status: 'connecting',
            state: () => client.state.getSnapshot(),
          };
          const roomEvents = [
            'session:created',
            'session:started',
            'session:ended',
            'poll:created',
            'poll:activated',
            'poll:closed',
            'vote:accepted',
            'participant:joined',
            'participant:disconnected',
            'participant:counted',
          ];
          for (const event of roomEvents) {
            client.on(event, (_payload: unknown, message: { seq?: number }) => {
              if (message.seq !== undefined) probe.seqs.push(message.seq);
            });
          }
          client.on('session:synchronized', (payload: { seq: number }) => probe.snapshots.push(payload.seq));
          client.on('status', (change: { status: string }) => {
            probe.status = change.status;
          });
          (globalThis as unknown as { probe: unknown }).probe = probe;
        },
        { url: server.wsUrl, token: joined.token, participantId: joined.participantId },
      );
      await expect.poll(() => probe(page, (p) => p.status), WAIT).toBe('open');

      const first = await api<{ pollId: string; options: { optionId: string }[] }>(
        server,
        `${base}/polls`,
        { question: 'First?', pollType: 'multiple_choice', options: ['a', 'b'] },
        auth,
      );
      await api(server, `${base}/polls/${first.pollId}/activate`, {}, auth);
      await expect.poll(() => probe(page, (p) => p.state.activePollId), WAIT).toBe(first.pollId);

      const confirmation = await page.evaluate(
        ({ pollId, optionId }) =>
          (
            globalThis as unknown as { probe: { client: { submitVote(v: unknown): Promise<{ voteId: string }> } } }
          ).probe.client.submitVote({
            pollId,
            voteData: { selectedOptionIds: [optionId] },
          }),
        { pollId: first.pollId, optionId: first.options[0]!.optionId },
      );
      expect(confirmation.voteId).toMatch(/[0-9a-f-]{36}/);
      await expect
        .poll(() => probe(page, (p) => p.state.polls[Object.keys(p.state.myVotes)[0]!]?.results.currentVoteCount), WAIT)
        .toBe(1);

      // Offline: the heartbeat (1 s) lets the client notice; events go on without it.
      await context.setOffline(true);
      await expect.poll(() => probe(page, (p) => p.status), WAIT).not.toBe('open');
      await api(server, `${base}/polls/${first.pollId}/close`, {}, auth);
      const second = await api<{ pollId: string }>(
        server,
        `${base}/polls`,
        { question: 'Second?', pollType: 'rating_scale', minRating: 1, maxRating: 5 },
        auth,
      );
      await api(server, `${base}/polls/${second.pollId}/activate`, {}, auth);

      await context.setOffline(false);
      await expect.poll(() => probe(page, (p) => p.state.activePollId), { timeout: 40_000 }).toBe(second.pollId);
      await expect.poll(() => probe(page, (p) => p.status), WAIT).toBe('open');
      // Settled: the server counts the participant back, and the page has the server's newest event.
      await expect.poll(() => probe(page, (p) => p.state.participantCount), WAIT).toBe(1);
      // Participants get every event but attendance (presenters only).
      const dueSeqs = async () =>
        (await server.hub.log.history(session.sessionId)).frames
          .flatMap((frame) => parseServerFrame(frame))
          .flatMap((r) =>
            r.ok && r.message.seq !== undefined && roomAudience(r.message.event) === 'everyone' ? [r.message.seq] : [],
          );
      await expect
        .poll(async () => (await probe(page, (p) => p.seqs.at(-1))) === (await dueSeqs()).at(-1), WAIT)
        .toBe(true);

      const history = await server.hub.log.history(session.sessionId);
      const serverState = history.frames
        .flatMap((frame) => parseServerFrame(frame))
        .reduce(
          (state, result) => (result.ok ? reducePollwireState(state, result.message) : state),
          initialPollwireState,
        );
      const pageState = await probe(page, (p) => p.state);
      expect(withoutMyVotes(pageState)).toEqual(withoutMyVotes(serverState));
      expect(Object.keys(pageState.myVotes)).toEqual([first.pollId]);
      // The state at connect, then every room event after it, exactly once and in order (the cut replayed).
      const [connectedAt] = await probe(page, (p) => p.snapshots);
      expect(connectedAt).toBeGreaterThan(0);
      const seqs = await probe(page, (p) => p.seqs);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs).toEqual((await dueSeqs()).filter((seq) => seq > connectedAt!));
      await context.close();
    }, 90_000);
  },
);
