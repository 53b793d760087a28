import type { ServerMessage, UnicastMessage } from '@pollwire/contracts';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { type FrameRecorder, openRecorder } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, type TestSession } from '../support/api.js';
import { reportFigures } from '../support/report.js';

let server: ReferenceServer;
let a: TestSession;
let b: TestSession;

beforeAll(async () => {
  server = await startReferenceServer({ port: 0 });
  [a, b] = await Promise.all([createTestSession(server.httpUrl, 'A'), createTestSession(server.httpUrl, 'B')]);
});
afterAll(() => server.close());

const wsUrl = (token: string, query = '') => `${server.wsUrl}?token=${encodeURIComponent(token)}${query}`;

/** Every id of session `other` that must never appear on a socket of the other session. */
const foreignMarkers = async (other: TestSession) => {
  const history = await server.hub.log.history(other.sessionId);
  const ids = new Set<string>([other.sessionId, other.slug]);
  for (const frame of history.frames) {
    const message = JSON.parse(frame) as ServerMessage & { payload: Record<string, unknown> };
    ids.add(message.eventId);
    for (const key of ['pollId', 'voteId', 'participantId'] as const) {
      const value = message.payload[key];
      if (typeof value === 'string') ids.add(value);
    }
  }
  return [...ids];
};

/** Frames naming a foreign id; `replayFrom` only echoes the cursor the client itself sent, so it is blanked. */
const leaks = (recorder: FrameRecorder, markers: string[]) =>
  recorder.frames
    .map((frame) => frame.replace(/"replayFrom":"[^"]*"/, '"replayFrom":""'))
    .filter((frame) => markers.some((marker) => frame.includes(`"${marker}"`))).length;

describe('events of session A never reach a socket of session B, live or replayed', () => {
  it('live broadcasts, history, resume and a foreign cursor stay within the session', async () => {
    const [pa, pb] = await Promise.all([a.join('Ann'), b.join('Bob')]);
    const liveA = await openRecorder(wsUrl(pa.token));
    const liveB = await openRecorder(wsUrl(pb.token));
    await Promise.all([a.start(), b.start()]);
    for (let i = 0; i < 20; i++) {
      await Promise.all([a.createChoicePoll(`A${i}`), b.createChoicePoll(`B${i}`)]);
    }
    const lastA = (await server.hub.log.head(a.sessionId)).cursor;
    const lastB = (await server.hub.log.head(b.sessionId)).cursor;
    await liveA.next((m) => m.eventId === lastA);
    await liveB.next((m) => m.eventId === lastB);
    // Catch-ups: the state, the history, a resume from A's first cursor, and B's cursor presented on A's connection.
    const state = (recorder: typeof liveA) =>
      recorder.next((m) => m.event === 'session:synchronized') as Promise<UnicastMessage<'session:synchronized'>>;
    const firstA = (await state(liveA)).payload.cursor;
    const stateA = await openRecorder(wsUrl(pa.token));
    const historyA = await openRecorder(wsUrl(pa.token, '&history=1'));
    const resumeA = await openRecorder(wsUrl(pa.token, `&lastEventId=${encodeURIComponent(firstA)}`));
    const foreignA = await openRecorder(wsUrl(pa.token, `&lastEventId=${encodeURIComponent(lastB)}`));
    expect((await state(stateA)).payload).toMatchObject({ cursor: lastA, polls: expect.any(Array) });
    await historyA.next((m) => m.eventId === lastA);
    await resumeA.next((m) => m.eventId === lastA);
    const foreignHello = foreignA.messages[0]!;
    expect(foreignHello.event).toBe('connection:reconnected');
    expect(foreignHello.payload).toMatchObject({ recovered: false, resyncReason: 'epoch_mismatch', snapshot: true });
    expect((await state(foreignA)).payload).toMatchObject({ cursor: lastA, sessionId: a.sessionId });

    const [markersA, markersB] = await Promise.all([foreignMarkers(a), foreignMarkers(b)]);
    const socketsA = [liveA, stateA, historyA, resumeA, foreignA];
    let framesChecked = 0;
    for (const socket of socketsA) {
      expect(socket.invalid).toEqual([]);
      expect(socket.messages.every((m) => m.sessionId === a.sessionId)).toBe(true);
      expect(leaks(socket, markersB)).toBe(0);
      framesChecked += socket.frames.length;
    }
    expect(liveB.messages.every((m) => m.sessionId === b.sessionId)).toBe(true);
    expect(leaks(liveB, markersA)).toBe(0);
    framesChecked += liveB.frames.length;
    reportFigures('isolation', {
      sockets: socketsA.length + 1,
      framesChecked,
      foreignIdsChecked: markersA.length + markersB.length,
      leaks: 0,
    });
    await Promise.all([...socketsA, liveB].map((s) => s.close()));
  });
});
