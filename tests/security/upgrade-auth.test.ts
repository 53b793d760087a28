import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { openRecorder, upgradeStatus } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, type TestSession } from '../support/api.js';
import { reportFigures } from '../support/report.js';

const ORIGIN = 'https://polls.example.com';
let server: ReferenceServer;
let session: TestSession;
const clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs };

beforeAll(async () => {
  server = await startReferenceServer({ port: 0, allowedOrigins: [ORIGIN], clock });
  session = await createTestSession(server.httpUrl);
});
afterAll(() => server.close());

const url = (token?: string) => `${server.wsUrl}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

describe('upgrade authentication and origin checks (answered before any upgrade)', () => {
  it('no token → 401', async () => {
    expect(await upgradeStatus(url(), { origin: ORIGIN })).toBe(401);
    expect(await upgradeStatus(url(''), { origin: ORIGIN })).toBe(401);
  });

  it('tampered tokens → 401 (claims changed, signature changed, truncated, garbage)', async () => {
    const participant = await session.join('Eve');
    const [body, signature] = participant.token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'presenter' })).toString('base64url');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const tampered = [
      `${forged}.${signature}`,
      `${body}.${flipped}`,
      body,
      `${body}.${signature}.extra`,
      'not-a-token',
      `${session.presenterToken}x`,
    ];
    for (const token of tampered) expect(await upgradeStatus(url(token), { origin: ORIGIN })).toBe(401);
    reportFigures('upgrade-auth tampered', { tokensTried: tampered.length, refused401: tampered.length });
  });

  it('expired token → 401 (fake clock 1 ms past the 12 h TTL)', async () => {
    const participant = await session.join();
    const live = await openRecorder(url(participant.token), { origin: ORIGIN });
    await live.next((m) => m.event === 'connection:established');
    clock.offsetMs = 12 * 60 * 60 * 1000 + 1;
    try {
      expect(await upgradeStatus(url(participant.token), { origin: ORIGIN })).toBe(401);
      expect(await upgradeStatus(url(session.presenterToken), { origin: ORIGIN })).toBe(401);
    } finally {
      clock.offsetMs = 0;
    }
    await live.close();
  });

  it('wrong or missing Origin → 403 even with a valid token; the allowed one upgrades', async () => {
    expect(await upgradeStatus(url(session.presenterToken), { origin: 'https://evil.example.com' })).toBe(403);
    expect(await upgradeStatus(url(session.presenterToken), { origin: 'https://polls.example.com.evil.com' })).toBe(
      403,
    );
    expect(await upgradeStatus(url(session.presenterToken))).toBe(403);
    const ok = await openRecorder(url(session.presenterToken), { origin: ORIGIN });
    await ok.next((m) => m.event === 'connection:established');
    await ok.close();
  });

  it('a token of a participant whose session does not know it → 401', async () => {
    const signed = server.tokens.sign({
      sessionId: session.sessionId,
      role: 'participant',
      participantId: '00000000-0000-4000-8000-000000000001',
    });
    expect(await upgradeStatus(url(signed), { origin: ORIGIN })).toBe(401);
  });
});
