import { describe, expect, it } from 'vitest';
import { createTokenSigner } from './token.js';

const SESSION = '11111111-1111-4111-8111-111111111111';

describe('createTokenSigner', () => {
  it('round-trips claims with their expiry', () => {
    let now = 1_000_000;
    const tokens = createTokenSigner({
      secret: 'a-test-secret-of-32-characters!!',
      ttlMs: 1000,
      clock: { now: () => now },
    });
    const token = tokens.sign({ sessionId: SESSION, role: 'participant', participantId: SESSION, displayName: 'Ann' });
    expect(tokens.verify(token)).toEqual({
      ok: true,
      claims: {
        sessionId: SESSION,
        role: 'participant',
        participantId: SESSION,
        displayName: 'Ann',
        expiresAt: 1_001_000,
      },
    });
    now += 1000;
    expect(tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects tampered, foreign and malformed tokens', () => {
    const tokens = createTokenSigner({ secret: 'a-test-secret-of-32-characters!!' });
    const other = createTokenSigner({ secret: 'another-secret-of-32-characters!' });
    const token = tokens.sign({ sessionId: SESSION, role: 'participant' });
    const [body, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sessionId: SESSION, role: 'presenter', exp: Date.now() + 10_000 }));
    expect(tokens.verify(`${forged.toString('base64url')}.${signature}`)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(tokens.verify(other.sign({ sessionId: SESSION, role: 'presenter' }))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    for (const bad of ['', 'abc', `${body}.${signature}.x`, `${body}.`]) {
      expect(tokens.verify(bad)).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(() => createTokenSigner({ secret: 'short' })).toThrow(RangeError);
  });
});
