import type { PollwireState } from '@pollwire/client';
import { createFaultProxy, type FaultProxy } from '@pollwire/fault-proxy';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { openRecorder } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, type TestSession } from '../support/api.js';
import { observeClient } from '../support/observed-client.js';
import { reportFigures, waitUntil } from '../support/report.js';
import { serverState } from '../support/server-truth.js';

const DAY = 24 * 60 * 60 * 1000;
/** The server's clock, frozen at a start time plus an offset the test moves. */
const START = Date.now();
const clock = { offsetMs: 0, now: () => START + clock.offsetMs };

let server: ReferenceServer;
let proxy: FaultProxy;
beforeAll(async () => {
  server = await startReferenceServer({ port: 0, clock, tokenTtlMs: 7 * DAY });
  proxy = await createFaultProxy({ target: server.wsUrl });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

/** A session with 5 room events; returns it and the eventId of seq 2. */
async function sessionWithHistory(): Promise<{ session: TestSession; cursor: string }> {
  clock.offsetMs = 0;
  const session = await createTestSession(server.httpUrl);
  for (let i = 0; i < 4; i++) await session.createChoicePoll(`Q${i}`);
  const history = await server.hub.log.history(session.sessionId);
  const second = JSON.parse(history.frames[1]!) as { eventId: string; seq: number };
  expect(second.seq).toBe(2);
  return { session, cursor: second.eventId };
}

const resume = async (session: TestSession, cursor: string) => {
  const recorder = await openRecorder(
    `${server.wsUrl}?token=${encodeURIComponent(session.presenterToken)}&lastEventId=${encodeURIComponent(cursor)}`,
  );
  const hello = await recorder.next((m) => m.event === 'connection:reconnected');
  const { replayCount } = hello.payload as { replayCount: number };
  await recorder.next(() => recorder.messages.filter((m) => m.seq !== undefined).length >= replayCount);
  await recorder.close();
  return { hello, replayed: recorder.messages.filter((m) => m.seq !== undefined) };
};

describe('replay window edges on a fake clock (24 h window)', () => {
  it('a cursor whose next events are 24 h − 1 ms old replays fully', async () => {
    const { session, cursor } = await sessionWithHistory();
    clock.offsetMs = DAY - 1;
    const { hello, replayed } = await resume(session, cursor);
    expect(hello.payload).toMatchObject({ replayCount: 3 });
    expect(hello.payload).not.toHaveProperty('recovered', false);
    expect(replayed.map((m) => m.seq)).toEqual([3, 4, 5]);
  });

  it('24 h + 1 ms → explicit resync (cursor_expired, no partial replay)', async () => {
    const { session, cursor } = await sessionWithHistory();
    clock.offsetMs = DAY + 1;
    const { hello, replayed } = await resume(session, cursor);
    expect(hello.payload).toMatchObject({
      recovered: false,
      resyncReason: 'cursor_expired',
      replayCount: 0,
    });
    expect(replayed).toEqual([]);
  });

  it("a client away for 24 h + 1 ms is told to resync and gets the session's whole state, trimmed events included", async () => {
    clock.offsetMs = 0;
    const session = await createTestSession(server.httpUrl);
    await session.createChoicePoll('before');
    let snapshots = 0;
    const observed = observeClient({
      url: proxy.url,
      token: session.presenterToken,
      backoff: { minDelayMs: 10, maxDelayMs: 20 },
      loadSnapshot: async () => {
        snapshots += 1;
        return serverState(server.hub.log, session.sessionId) as Promise<PollwireState>;
      },
    });
    try {
      await waitUntil(() => observed.heldSeq === 2, 5000, 'state');
      proxy.blackhole();
      await session.createChoicePoll('missed 1');
      await session.createChoicePoll('missed 2');
      clock.offsetMs = DAY + 1;
      const after = await session.createChoicePoll('after the window');
      proxy.heal();
      await waitUntil(() => observed.resyncs.length === 1, 10_000, 'resync');
      expect(observed.resyncs[0]).toEqual({ reason: 'cursor_expired', source: 'server_snapshot' });
      // The server had the state: the app's loadSnapshot is not needed.
      expect(snapshots).toBe(0);
      await waitUntil(() => observed.client.state.getSnapshot().polls[after.pollId] !== undefined, 5000, 'state');
      // The log trimmed the session's first events; its state still holds every poll, nothing half-replayed.
      expect((await server.hub.log.head(session.sessionId)).firstSeq).toBeGreaterThan(1);
      const questions = Object.values(observed.client.state.getSnapshot().polls).map((poll) => poll.question);
      expect(questions.sort()).toEqual(['after the window', 'before', 'missed 1', 'missed 2']);
    } finally {
      observed.close();
      proxy.heal();
    }
  });

  it('a cursor from the future fails closed (cursor_ahead, explicit)', async () => {
    const { session } = await sessionWithHistory();
    const { cursor, lastSeq } = await server.hub.log.head(session.sessionId);
    const future = cursor.replace(/-\d+$/, `-${lastSeq + 10}`);
    const { hello, replayed } = await resume(session, future);
    expect(hello.payload).toMatchObject({ recovered: false, resyncReason: 'cursor_ahead' });
    // The session's state follows, never a partial replay.
    expect(hello.payload).toMatchObject({ snapshot: true });
    expect(replayed).toEqual([]);
  });

  it("a cursor of another session fails closed (epoch_mismatch) and replays none of the other session's events", async () => {
    const { session: mine } = await sessionWithHistory();
    const { session: other, cursor: foreign } = await sessionWithHistory();
    const { hello, replayed } = await resume(mine, foreign);
    expect(hello.payload).toMatchObject({ recovered: false, resyncReason: 'epoch_mismatch' });
    expect(replayed.every((m) => m.sessionId === mine.sessionId)).toBe(true);
    expect(JSON.stringify(replayed)).not.toContain(other.sessionId);
    const garbage = await resume(mine, 'not-a-cursor!');
    expect(garbage.hello.payload).toMatchObject({ recovered: false, resyncReason: 'cursor_invalid' });
    reportFigures('window-edges', {
      windowMs: DAY,
      replayedAtMinus1ms: 3,
      resyncAtPlus1ms: 'cursor_expired',
      future: 'cursor_ahead',
      foreign: 'epoch_mismatch',
    });
  });
});
