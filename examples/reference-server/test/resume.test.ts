import type { ServerMessage } from '@pollwire/contracts';
import { createMemoryReplayLog, type ReplayLog } from '@pollwire/server-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Scenario, startScenario, type TestClient } from './harness.js';

const scenarios: Scenario[] = [];
const clients: TestClient[] = [];
const start = async (options: Parameters<typeof startScenario>[0] = {}) => {
  const scenario = await startScenario(options);
  scenarios.push(scenario);
  return scenario;
};
const open = async (url: string) => {
  const client = await connect(url);
  clients.push(client);
  return client;
};
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(scenarios.splice(0).map((s) => s.server.close()));
});

const room = (client: TestClient) => client.messages.filter((m) => m.seq !== undefined);
const resume = (scenario: Scenario, token: string, cursor: string) =>
  open(scenario.ws(token, `&lastEventId=${encodeURIComponent(cursor)}`));
const hello = (client: TestClient) =>
  client.next((m) => m.event.startsWith('connection:') && m.event !== 'connection:heartbeat');

async function addPolls(scenario: Scenario, count: number) {
  for (let i = 0; i < count; i++) await scenario.poll({ question: `Q${i}`, pollType: 'open_text' });
}

describe('resume with lastEventId', () => {
  it('resumes a client that received nothing from the cursor of connection:established', async () => {
    const scenario = await start();
    const silent = await open(scenario.ws(scenario.presenterToken, '&history=0'));
    const established = await silent.next((m) => m.event === 'connection:established');
    expect(established.payload).toMatchObject({ historyCount: 0 });
    const cursor = (established.payload as { cursor: string }).cursor;
    expect(cursor).toMatch(/-1$/);
    await silent.close();
    await addPolls(scenario, 3);
    const back = await resume(scenario, scenario.presenterToken, cursor);
    const reconnected = await hello(back);
    expect(reconnected.payload).toMatchObject({ recovered: true, replayCount: 3, replayFrom: cursor });
    await back.count(4);
    expect(room(back).map((m) => m.seq)).toEqual([2, 3, 4]);
  });

  it('resumes from the empty cursor of a session with no events yet', async () => {
    const scenario = await start();
    const head = await scenario.server.hub.log.head(scenario.sessionId);
    const back = await resume(scenario, scenario.presenterToken, head.cursor.replace(/-\d+$/, '-0'));
    expect((await hello(back)).payload).toMatchObject({ recovered: true, replayCount: 1 });
  });

  it("answers cursors of another session or of a restarted server with epoch_mismatch and the session's state", async () => {
    const scenario = await start();
    const other = await start();
    await addPolls(scenario, 2);
    const foreign = (await other.server.hub.log.head(other.sessionId)).cursor;
    const client = await resume(scenario, scenario.presenterToken, foreign);
    const reconnected = await hello(client);
    expect(reconnected.payload).toMatchObject({
      recovered: false,
      resyncReason: 'epoch_mismatch',
      snapshot: true,
      replayCount: 0,
    });
    const state = await client.next((m) => m.event === 'session:synchronized');
    expect(state.payload).toMatchObject({ seq: 3, status: 'draft', polls: [{ question: 'Q0' }, { question: 'Q1' }] });
    expect(room(client)).toEqual([]);
  });

  it('answers cursor_ahead and cursor_invalid explicitly', async () => {
    const scenario = await start();
    const { cursor } = await scenario.server.hub.log.head(scenario.sessionId);
    const ahead = await resume(scenario, scenario.presenterToken, cursor.replace(/-\d+$/, '-99'));
    expect((await hello(ahead)).payload).toMatchObject({
      recovered: false,
      resyncReason: 'cursor_ahead',
      snapshot: true,
    });
    expect((await ahead.next((m) => m.event === 'session:synchronized')).payload).toMatchObject({ seq: 1 });
    const invalid = await resume(scenario, scenario.presenterToken, 'not a cursor');
    expect((await hello(invalid)).payload).toMatchObject({
      recovered: false,
      resyncReason: 'cursor_invalid',
      replayFrom: 'not a cursor',
      snapshot: true,
    });
    expect((await invalid.next((m) => m.event === 'session:synchronized')).payload).toMatchObject({ seq: 1 });
  });

  it('answers a cursor outside the replay window with cursor_expired and the state (fake clock), never a partial replay', async () => {
    let now = Date.parse('2026-01-03T10:00:00.000Z');
    const clock = { now: () => now };
    const scenario = await start({ clock, replayWindowMs: 24 * 60 * 60 * 1000, tokenTtlMs: 7 * 24 * 60 * 60 * 1000 });
    // Stays connected: its room keeps the session's state at the head while the log trims.
    const watcher = await open(scenario.ws(scenario.presenterToken));
    const first = await open(scenario.ws(scenario.presenterToken, '&history=1'));
    await first.next((m) => m.event === 'session:created');
    const cursor = room(first).at(-1)!.eventId;
    await first.close();
    await addPolls(scenario, 1);
    now += 25 * 60 * 60 * 1000;
    await addPolls(scenario, 1);
    const back = await resume(scenario, scenario.presenterToken, cursor);
    const reconnected = await hello(back);
    expect(reconnected.payload).toMatchObject({
      recovered: false,
      resyncReason: 'cursor_expired',
      snapshot: true,
      replayCount: 0,
    });
    expect((reconnected.payload as { cursor: string }).cursor).toMatch(/-3$/);
    const state = await back.next((m) => m.event === 'session:synchronized');
    expect(state.payload).toMatchObject({ seq: 3, title: expect.any(String), polls: [{}, {}] });
    await addPolls(scenario, 1);
    await back.next((m) => m.seq === 4);
    expect(room(back).map((m) => m.seq)).toEqual([4]);
    // The log lost the session's start, its state did not.
    const fresh = await open(scenario.ws(scenario.presenterToken));
    expect((await hello(fresh)).payload).toMatchObject({ snapshot: true });
    expect((await fresh.next((m) => m.event === 'session:synchronized')).payload).toMatchObject({ seq: 4 });
    const audit = await open(scenario.ws(scenario.presenterToken, '&history=1'));
    expect((await hello(audit)).payload).toMatchObject({ historyComplete: false, historyCount: 2 });
    expect(watcher.messages.some((m) => m.event === 'session:synchronized')).toBe(true);
  });

  it('switches from replay to live under concurrent broadcasts without losing or repeating an event', async () => {
    // An async log whose reads take a few ms, so live events land while replays are in flight.
    const memory = createMemoryReplayLog();
    const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 1 + (value ? 2 : 0)));
    const log: ReplayLog = {
      append: (sessionId, entry) => memory.append(sessionId, entry),
      read: (sessionId, cursor) => later(memory.read(sessionId, cursor)),
      history: (sessionId) => later(memory.history(sessionId)),
      head: (sessionId) => memory.head(sessionId),
    };
    const scenario = await start({ log });
    const total = 300;
    const service = scenario.server.pollwire.service;
    const producing = (async () => {
      for (let i = 0; i < total; i++) {
        await service.createPoll(scenario.sessionId, { question: `Q${i}`, pollType: 'open_text' });
        if (i % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const cursors: string[] = [];
    const joining: Promise<TestClient>[] = [];
    for (let i = 0; i < 8; i++) {
      await new Promise((resolve) => setTimeout(resolve, 3));
      cursors.push(memory.head(scenario.sessionId).cursor);
      joining.push(resume(scenario, scenario.presenterToken, cursors[i]!));
      joining.push(open(scenario.ws(scenario.presenterToken)));
    }
    await producing;
    const clients = await Promise.all(joining);
    const lastSeq = total + 1;
    const switches: [replayed: number, received: number][] = [];
    expect(Number(cursors[0]!.split('-').at(-1))).toBeLessThan(lastSeq);
    for (const [index, client] of clients.entries()) {
      await client.next((m) => m.seq === lastSeq, 0, 10_000);
      const seqs = room(client).map((m) => m.seq!);
      const resumed = index % 2 === 0;
      const snapshot = client.messages.find((m) => m.event === 'session:synchronized');
      // A fresh connect gets the state at some seq, then every event after it.
      const first = resumed
        ? Number(cursors[index / 2]!.split('-').at(-1)) + 1
        : (snapshot!.payload as { seq: number }).seq + 1;
      expect(seqs).toEqual(Array.from({ length: lastSeq - first + 1 }, (_, i) => first + i));
      const helloMessage: ServerMessage = client.messages[0]!;
      expect(helloMessage.event).toBe(resumed ? 'connection:reconnected' : 'connection:established');
      if (resumed) expect(helloMessage.payload).toMatchObject({ recovered: true });
      if (resumed) switches.push([(helloMessage.payload as { replayCount: number }).replayCount, seqs.length]);
    }
    // The switch really happened mid-stream: events replayed and events received live after it.
    expect(switches.some(([replayed, received]) => replayed > 0 && received > replayed)).toBe(true);
    memory.close();
  });
});
