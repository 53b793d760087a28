import type { PollCreatedPayload, PollType } from '@pollwire/contracts';

/** An answer of the reference server's HTTP API that was not 2xx. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call<T>(path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body ?? {}),
  });
  const json = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
  if (!response.ok)
    throw new ApiError(response.status, json.error ?? 'http_error', json.message ?? response.statusText);
  return json as T;
}

export interface CreatedSession {
  sessionId: string;
  slug: string;
  presenterId: string;
  presenterToken: string;
}

export interface JoinedSession {
  sessionId: string;
  participantId: string;
  token: string;
}

export interface NewPoll {
  question: string;
  pollType: PollType;
  options?: string[];
  allowMultiple?: boolean;
  isAnonymous?: boolean;
  minRating?: number;
  maxRating?: number;
}

/** The reference server's API, as the pages use it (same origin). */
export const api = {
  createSession: (title: string) => call<CreatedSession>('/api/sessions', { title }),
  startSession: (s: CreatedSession) => call(`/api/sessions/${s.sessionId}/start`, {}, s.presenterToken),
  createPoll: (s: CreatedSession, poll: NewPoll) =>
    call<PollCreatedPayload>(`/api/sessions/${s.sessionId}/polls`, poll, s.presenterToken),
  activatePoll: (s: CreatedSession, pollId: string) =>
    call(`/api/sessions/${s.sessionId}/polls/${pollId}/activate`, {}, s.presenterToken),
  closePoll: (s: CreatedSession, pollId: string) =>
    call(`/api/sessions/${s.sessionId}/polls/${pollId}/close`, {}, s.presenterToken),
  join: (slug: string, displayName?: string) =>
    call<JoinedSession>(`/api/sessions/${encodeURIComponent(slug)}/join`, displayName ? { displayName } : {}),
};

/** `ws://host/ws` (or `wss://`) of the page's own origin. */
export const socketUrl = (): string => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
