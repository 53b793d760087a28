import { CLOSE_CODES, ERROR_CODES } from '@pollwire/contracts';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { DEFAULT_RATE_LIMIT } from '@pollwire/server-kit';
import { openRecorder } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, optionIds } from '../support/api.js';
import { observeClient } from '../support/observed-client.js';
import { reportFigures, waitUntil } from '../support/report.js';

const FLOOD = 500;
let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({ port: 0 });
});
afterAll(() => server.close());

describe('flood past the rate limit', () => {
  it(`${FLOOD} frames in a burst → rate_limited, then closed 4408; another participant votes and receives as usual`, async () => {
    const session = await createTestSession(server.httpUrl);
    const poll = await session.createChoicePoll('flood');
    await session.start();
    await session.activate(poll.pollId);
    const [flooder, honest] = await Promise.all([session.join(), session.join()]);
    const bystander = observeClient({ url: server.wsUrl, token: honest.token, participantId: honest.participantId });
    const socket = await openRecorder(`${server.wsUrl}?token=${encodeURIComponent(flooder.token)}`);
    try {
      await socket.next((m) => m.event === 'connection:established');
      await waitUntil(() => bystander.client.status === 'open', 5000, 'bystander open');
      const heartbeat = JSON.stringify({
        event: 'connection:heartbeat',
        payload: { timestamp: new Date().toISOString() },
      });
      const started = performance.now();
      for (let i = 0; i < FLOOD && socket.ws.readyState === socket.ws.OPEN; i++) socket.send(heartbeat);
      const warning = await socket.next((m) => m.event === 'error:general');
      expect(warning.payload).toMatchObject({ errorCode: ERROR_CODES.rateLimited });
      const closed = await socket.closed;
      const closedMs = performance.now() - started;
      expect(closed.code).toBe(CLOSE_CODES.rateLimited);
      // Others are unaffected: a vote goes through and the room event arrives.
      const confirmation = await bystander.client.submitVote({
        pollId: poll.pollId,
        voteData: { selectedOptionIds: [optionIds(poll)[0]!] },
      });
      expect(confirmation.currentVoteCount).toBe(1);
      const next = await session.createChoicePoll('after flood');
      await waitUntil(
        () => bystander.client.state.getSnapshot().polls[next.pollId] !== undefined,
        5000,
        'bystander event',
      );
      expect(bystander.statuses.some((s) => s.status === 'reconnecting')).toBe(false);
      reportFigures('flood', {
        framesSent: FLOOD,
        burst: DEFAULT_RATE_LIMIT.burst,
        perSecond: DEFAULT_RATE_LIMIT.perSecond,
        closeAfterDropped: DEFAULT_RATE_LIMIT.closeAfterDropped,
        rateLimitedWarnings: socket.messages.filter((m) => m.event === 'error:general').length,
        closeCode: closed.code,
        closedAfterMs: closedMs,
        bystanderReconnects: 0,
      });
    } finally {
      bystander.close();
      await socket.close();
    }
  });
});
