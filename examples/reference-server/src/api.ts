import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CreatePollInput,
  ForbiddenError,
  InvalidInputError,
  InvalidTransitionError,
  isUnavailable,
  NotFoundError,
  type SessionService,
  type TokenSigner,
  type VerifiedToken,
} from '@pollwire/server-kit';
import { bearerToken, HttpError, readJsonObject, sendJson, sendPreflight } from './http-io.js';

export interface ApiOptions {
  service: SessionService;
  tokens: TokenSigner;
}

type Handler = (request: IncomingMessage, params: string[]) => Promise<[status: number, body: unknown]>;

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handler: Handler;
}

const ID = '([^/]+)';

function optional<T>(
  body: Record<string, unknown>,
  field: string,
  type: 'string' | 'boolean' | 'number',
): T | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw new HttpError(400, 'invalid_field', `${field} must be a ${type}`, { field });
  return value as T;
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof InvalidInputError) {
    return new HttpError(400, 'invalid_field', error.message, { field: error.field, cause: error });
  }
  if (error instanceof NotFoundError) return new HttpError(404, `${error.entity}_not_found`, error.message);
  if (error instanceof InvalidTransitionError) return new HttpError(409, 'invalid_transition', error.message);
  if (error instanceof ForbiddenError) return new HttpError(403, 'forbidden', error.message);
  if (isUnavailable(error)) return new HttpError(503, 'unavailable', 'a backing store is unavailable');
  return new HttpError(500, 'internal_error', 'internal error', { cause: error });
}

/**
 * The reference HTTP API over the session service: JSON in and out, `Authorization: Bearer <token>`.
 * Returns a request listener; unknown routes answer 404.
 */
export function createApi({ service, tokens }: ApiOptions) {
  const authorize = (request: IncomingMessage, sessionId: string, role?: 'presenter'): VerifiedToken => {
    const token = bearerToken(request);
    const verified = token === undefined ? undefined : tokens.verify(token);
    if (!verified?.ok) throw new HttpError(401, 'unauthorized', 'a valid bearer token is required');
    if (verified.claims.sessionId !== sessionId) throw new HttpError(403, 'forbidden', 'token is for another session');
    if (role && verified.claims.role !== role) throw new HttpError(403, 'forbidden', 'presenter token required');
    return verified.claims;
  };

  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/api\/sessions$/,
      handler: async (request) => {
        const body = await readJsonObject(request);
        if (typeof body.title !== 'string')
          throw new HttpError(400, 'invalid_field', 'title is required', { field: 'title' });
        const session = await service.createSession({ title: body.title });
        const presenterToken = tokens.sign({ sessionId: session.sessionId, role: 'presenter' });
        return [
          201,
          { sessionId: session.sessionId, slug: session.slug, presenterId: session.presenterId, presenterToken },
        ];
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/sessions/${ID}/polls$`),
      handler: async (request, [sessionId]) => {
        authorize(request, sessionId!, 'presenter');
        const body = await readJsonObject(request);
        const pollType = body.pollType;
        if (typeof pollType !== 'string')
          throw new HttpError(400, 'invalid_field', 'pollType is required', { field: 'pollType' });
        if (typeof body.question !== 'string')
          throw new HttpError(400, 'invalid_field', 'question is required', { field: 'question' });
        if (
          body.options !== undefined &&
          (!Array.isArray(body.options) || body.options.some((o) => typeof o !== 'string'))
        ) {
          throw new HttpError(400, 'invalid_field', 'options must be an array of strings', { field: 'options' });
        }
        const input: CreatePollInput = {
          question: body.question,
          pollType: pollType as CreatePollInput['pollType'],
          options: body.options as string[] | undefined,
          allowMultiple: optional<boolean>(body, 'allowMultiple', 'boolean'),
          isAnonymous: optional<boolean>(body, 'isAnonymous', 'boolean'),
          minRating: optional<number>(body, 'minRating', 'number'),
          maxRating: optional<number>(body, 'maxRating', 'number'),
        };
        return [201, await service.createPoll(sessionId!, input)];
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/sessions/${ID}/(start|end)$`),
      handler: async (request, [sessionId, action]) => {
        authorize(request, sessionId!, 'presenter');
        return [
          200,
          action === 'start' ? await service.startSession(sessionId!) : await service.endSession(sessionId!),
        ];
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/sessions/${ID}/polls/${ID}/(activate|close)$`),
      handler: async (request, [sessionId, pollId, action]) => {
        authorize(request, sessionId!, 'presenter');
        return [
          200,
          action === 'activate'
            ? await service.activatePoll(sessionId!, pollId!)
            : await service.closePoll(sessionId!, pollId!),
        ];
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/sessions/${ID}/join$`),
      handler: async (request, [slug]) => {
        const body = await readJsonObject(request);
        const displayName = optional<string>(body, 'displayName', 'string');
        const participant = await service.joinSession(slug!, { displayName });
        const token = tokens.sign({
          sessionId: participant.sessionId,
          role: 'participant',
          participantId: participant.participantId,
          displayName: participant.displayName,
        });
        return [201, { sessionId: participant.sessionId, participantId: participant.participantId, token }];
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/sessions/${ID}/polls/${ID}/voters$`),
      handler: async (request, [sessionId, pollId]) => {
        authorize(request, sessionId!, 'presenter');
        return [200, { pollId, voters: await service.listVoters(sessionId!, pollId!) }];
      },
    },
  ];

  return async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (request.method === 'OPTIONS') return sendPreflight(response);
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      for (const route of routes) {
        const match = route.pattern.exec(path);
        if (!match) continue;
        if (request.method !== route.method) throw new HttpError(405, 'method_not_allowed', `use ${route.method}`);
        const [status, body] = await route.handler(
          request,
          match.slice(1).map((part) => decodeURIComponent(part)),
        );
        return sendJson(response, status, body);
      }
      throw new HttpError(404, 'not_found', `no route for ${request.method} ${path}`);
    } catch (caught) {
      const error = toHttpError(caught);
      if (response.headersSent) return void response.destroy();
      sendJson(response, error.status, {
        error: error.code,
        message: error.message,
        ...(error.field === undefined ? {} : { field: error.field }),
      });
    }
  };
}
