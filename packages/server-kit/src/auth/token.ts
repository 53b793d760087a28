import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Clock, systemClock } from '../util/clock.js';

export const DEFAULT_TOKEN_TTL_MS = 12 * 60 * 60 * 1000;

/** What a signed token asserts: the connection identity, plus its expiry. */
export interface TokenClaims {
  sessionId: string;
  role: 'presenter' | 'participant';
  participantId?: string | undefined;
  displayName?: string | undefined;
}

export type VerifiedToken = TokenClaims & { expiresAt: number };

export type TokenVerification =
  | { ok: true; claims: VerifiedToken }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

export interface TokenSignerOptions {
  /** HMAC key; at least 32 bytes of entropy. */
  secret: string | Uint8Array;
  /**
   * Lifetime of issued tokens.
   * @default 43_200_000 (12 h)
   */
  ttlMs?: number;
  /** @default systemClock */
  clock?: Clock;
}

export interface TokenSigner {
  sign(claims: TokenClaims, options?: { ttlMs?: number }): string;
  verify(token: string): TokenVerification;
}

/**
 * Signed bearer tokens for apps that have none: `base64url(claims).base64url(HMAC-SHA256)`, with an expiry.
 *
 * @example
 * const tokens = createTokenSigner({ secret: process.env.TOKEN_SECRET! });
 * const token = tokens.sign({ sessionId, role: 'participant', participantId });
 * const result = tokens.verify(token); // { ok: true, claims } | { ok: false, reason: 'expired' }
 */
export function createTokenSigner(options: TokenSignerOptions): TokenSigner {
  const secret = typeof options.secret === 'string' ? Buffer.from(options.secret) : Buffer.from(options.secret);
  if (secret.length < 16) throw new RangeError('token secret must be at least 16 bytes');
  const ttlMs = options.ttlMs ?? DEFAULT_TOKEN_TTL_MS;
  const clock = options.clock ?? systemClock;
  const mac = (body: string) => createHmac('sha256', secret).update(body).digest();

  return {
    sign(claims, signOptions = {}) {
      const body = Buffer.from(JSON.stringify({ ...claims, exp: clock.now() + (signOptions.ttlMs ?? ttlMs) })).toString(
        'base64url',
      );
      return `${body}.${mac(body).toString('base64url')}`;
    },

    verify(token) {
      const [body, signature, extra] = token.split('.');
      if (!body || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: 'bad_signature' };
      }
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      const claims = decoded as Partial<TokenClaims> & { exp?: unknown };
      if (
        typeof claims !== 'object' ||
        claims === null ||
        typeof claims.sessionId !== 'string' ||
        (claims.role !== 'presenter' && claims.role !== 'participant') ||
        typeof claims.exp !== 'number'
      ) {
        return { ok: false, reason: 'malformed' };
      }
      if (clock.now() >= claims.exp) return { ok: false, reason: 'expired' };
      const verified: VerifiedToken = { sessionId: claims.sessionId, role: claims.role, expiresAt: claims.exp };
      if (typeof claims.participantId === 'string') verified.participantId = claims.participantId;
      if (typeof claims.displayName === 'string') verified.displayName = claims.displayName;
      return { ok: true, claims: verified };
    },
  };
}
