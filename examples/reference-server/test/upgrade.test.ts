import { upgradeStatus } from '@pollwire/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../src/server.js';
import { api, connect, type Scenario, startScenario } from './harness.js';

let scenario: Scenario;
afterEach(async () => {
  await scenario?.server.close();
});

describe('WebSocket upgrade', () => {
  it('answers 401 before upgrading without a valid token, an expired one or an unknown participant', async () => {
    scenario = await startScenario();
    const { server, sessionId } = scenario;
    expect(await upgradeStatus(server.wsUrl)).toBe(401);
    expect(await upgradeStatus(`${server.wsUrl}?token=garbage`)).toBe(401);
    const forged = server.tokens.sign({ sessionId, role: 'participant', participantId: crypto.randomUUID() });
    expect(await upgradeStatus(scenario.ws(forged))).toBe(401);
    const expired = server.tokens.sign({ sessionId, role: 'presenter' }, { ttlMs: -1 });
    expect(await upgradeStatus(scenario.ws(expired))).toBe(401);
  });

  it('answers 404 for a session that does not exist', async () => {
    scenario = await startScenario();
    const ghost = scenario.server.tokens.sign({ sessionId: crypto.randomUUID(), role: 'presenter' });
    expect(await upgradeStatus(scenario.ws(ghost))).toBe(404);
  });

  it('answers 403 to an Origin outside the allowlist and upgrades allowed ones', async () => {
    scenario = await startScenario({ allowedOrigins: ['https://polls.example'] });
    expect(await upgradeStatus(scenario.ws(scenario.presenterToken), { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(scenario.ws(scenario.presenterToken))).toBe(403);
    const client = await connect(scenario.ws(scenario.presenterToken), { origin: 'https://polls.example' });
    await client.next((m) => m.event === 'connection:established');
    await client.close();
  });

  it('answers 404 on other paths', async () => {
    scenario = await startScenario();
    expect(await upgradeStatus(scenario.ws(scenario.presenterToken).replace('/ws?', '/other?'))).toBe(404);
  });
});

describe('HTTP API', () => {
  it('validates bodies with 400 naming the field', async () => {
    scenario = await startScenario();
    const { server, sessionId, presenterToken: token } = scenario;
    const field = async (path: string, body: unknown) => {
      const response = await api<{ field?: string }>(server, 'POST', path, { token, body });
      expect(response.status).toBe(400);
      return response.body.field;
    };
    expect(await field('/api/sessions', {})).toBe('title');
    expect(await field('/api/sessions', { title: '' })).toBe('title');
    const polls = `/api/sessions/${sessionId}/polls`;
    expect(await field(polls, { pollType: 'open_text' })).toBe('question');
    expect(await field(polls, { question: 'Q', pollType: 'essay' })).toBe('pollType');
    expect(await field(polls, { question: 'Q', pollType: 'multiple_choice', options: ['only'] })).toBe('options');
    expect(await field(polls, { question: 'Q', pollType: 'multiple_choice', options: ['a', ''] })).toBe('options[1]');
    expect(await field(polls, { question: 'Q', pollType: 'rating_scale', minRating: 5, maxRating: 5 })).toBe(
      'maxRating',
    );
    expect(await field(polls, { question: 'Q', pollType: 'open_text', isAnonymous: 'no' })).toBe('isAnonymous');
    expect(await field(`/api/sessions/${scenario.slug}/join`, { displayName: 42 })).toBe('displayName');
    const raw = await fetch(`${server.httpUrl}/api/sessions`, { method: 'POST', body: '{oops' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ field: 'body' });
  });

  it('answers 401 without a token, 403 for a participant or another session, 404 for unknown ids', async () => {
    scenario = await startScenario();
    const { server, sessionId } = scenario;
    const other = await api<{ presenterToken: string }>(server, 'POST', '/api/sessions', { body: { title: 'Other' } });
    const participant = await scenario.join();
    const start = `/api/sessions/${sessionId}/start`;
    expect((await api(server, 'POST', start)).status).toBe(401);
    expect((await api(server, 'POST', start, { token: 'nope' })).status).toBe(401);
    expect((await api(server, 'POST', start, { token: participant.token })).status).toBe(403);
    expect((await api(server, 'POST', start, { token: other.body.presenterToken })).status).toBe(403);
    const poll = `/api/sessions/${sessionId}/polls/${crypto.randomUUID()}/activate`;
    expect((await api(server, 'POST', poll, { token: scenario.presenterToken })).status).toBe(404);
    expect((await api(server, 'POST', '/api/sessions/nope/join', { body: {} })).status).toBe(404);
    expect((await api(server, 'GET', '/api/nothing')).status).toBe(404);
  });

  it('returns the documented shapes and 409 for invalid transitions', async () => {
    scenario = await startScenario();
    const joined = await scenario.join('Zoe');
    expect(joined).toEqual({
      sessionId: scenario.sessionId,
      participantId: expect.any(String),
      token: expect.any(String),
    });
    expect((await scenario.post('/end')).status).toBe(409);
    expect((await scenario.post('/start')).status).toBe(200);
    expect((await scenario.post('/start')).status).toBe(409);
    expect((await scenario.post('/end')).status).toBe(200);
    const late = await api(scenario.server, 'POST', `/api/sessions/${scenario.slug}/join`, { body: {} });
    expect(late.status).toBe(409);
  });

  it('listens on the requested host and a random port', async () => {
    const server = await startReferenceServer({ port: 0, host: '127.0.0.1' });
    expect(server.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.wsUrl).toBe(`${server.httpUrl.replace('http', 'ws')}/ws`);
    await server.close();
  });
});
