import type { ParticipantRecord, PollRecord, SessionRecord } from '../../sessions/records.js';
import type { SessionStore } from '../../sessions/session-store.js';
import type { RedisCommandClient } from '../connection/client.js';
import { createRedisCommands, type RedisCommandsOptions } from '../connection/commands.js';
import { createRedisKeys, DEFAULT_KEY_PREFIX } from '../keys.js';
import { getRecordScript, listPollsScript, putRecordScript } from './session-scripts.js';
import { StaleRecordError } from './stale-record-error.js';

/**
 * The version a record was read at. An enumerable symbol: it survives `{ ...record, status }` (so the
 * service's read-modify-write carries it to `put*`) and never reaches JSON.
 */
export const RECORD_VERSION: unique symbol = Symbol('pollwire.recordVersion');

type Versioned<T> = T & { [RECORD_VERSION]?: number };

export interface RedisSessionStoreOptions extends RedisCommandsOptions {
  client: RedisCommandClient;
  /** @default 'pollwire:' */
  prefix?: string;
}

export interface RedisSessionStore extends SessionStore {
  createSession(session: SessionRecord): Promise<void>;
  getSession(sessionId: string): Promise<SessionRecord | undefined>;
  getSessionBySlug(slug: string): Promise<SessionRecord | undefined>;
  putSession(session: SessionRecord): Promise<void>;
  getPoll(sessionId: string, pollId: string): Promise<PollRecord | undefined>;
  putPoll(poll: PollRecord): Promise<void>;
  listPolls(sessionId: string): Promise<PollRecord[]>;
  putParticipant(participant: ParticipantRecord): Promise<void>;
  getParticipant(sessionId: string, participantId: string): Promise<ParticipantRecord | undefined>;
}

const SESSION_FIELD = 'record';
const pollVersionField = (pollId: string) => `poll:${pollId}`;

/**
 * Sessions, polls and participants in Redis, so any node serves any request. Session and poll writes are
 * compare-and-set against the version they were read at: a write based on a stale read (another node got
 * there first) throws `StaleRecordError` and changes nothing. Records not read from the store (new ones)
 * are written unconditionally.
 *
 * @example
 * const sessionStore = createRedisSessionStore({ client, prefix: 'pollwire:' });
 * const pollwire = createPollwire({ sessionStore, voteStore, log });
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): RedisSessionStore {
  const keys = createRedisKeys(options.prefix ?? DEFAULT_KEY_PREFIX);
  const commands = createRedisCommands(options.client, options);
  const sessionKeys = (sessionId: string) => [keys.session(sessionId, 'session'), keys.session(sessionId, 'versions')];
  const pollKeys = (sessionId: string) => [keys.session(sessionId, 'polls'), keys.session(sessionId, 'versions')];

  const versioned = <T extends object>(json: string, version: string | number): Versioned<T> => ({
    ...(JSON.parse(json) as T),
    [RECORD_VERSION]: Number(version),
  });

  const put = async (
    entity: 'session' | 'poll',
    id: string,
    scriptKeys: string[],
    fields: [string, string],
    record: Versioned<object>,
  ) => {
    const expected = record[RECORD_VERSION];
    const version = (await commands.eval(putRecordScript, scriptKeys, [
      ...fields,
      JSON.stringify(record),
      expected === undefined ? '' : String(expected),
    ])) as number;
    if (version < 0) throw new StaleRecordError(entity, id);
    // The caller may keep using this object (e.g. close() then activate): it now holds the new version.
    record[RECORD_VERSION] = version;
  };

  const getSession = async (sessionId: string) => {
    const [json, version] = (await commands.eval(getRecordScript, sessionKeys(sessionId), [
      SESSION_FIELD,
      'session',
    ])) as [string | null, string | null];
    return json === null ? undefined : versioned<SessionRecord>(json, version ?? 0);
  };

  return {
    async createSession(session) {
      await commands.call(['HSET', keys.global('slugs'), session.slug, session.sessionId]);
      await put('session', session.sessionId, sessionKeys(session.sessionId), [SESSION_FIELD, 'session'], {
        ...session,
      });
    },

    getSession,

    async getSessionBySlug(slug) {
      const sessionId = (await commands.call(['HGET', keys.global('slugs'), slug])) as string | null;
      return sessionId === null ? undefined : getSession(sessionId);
    },

    putSession: (session) =>
      put('session', session.sessionId, sessionKeys(session.sessionId), [SESSION_FIELD, 'session'], session),

    async getPoll(sessionId, pollId) {
      const [json, version] = (await commands.eval(getRecordScript, pollKeys(sessionId), [
        pollId,
        pollVersionField(pollId),
      ])) as [string | null, string | null];
      return json === null ? undefined : versioned<PollRecord>(json, version ?? 0);
    },

    putPoll: (poll) =>
      put('poll', poll.pollId, pollKeys(poll.sessionId), [poll.pollId, pollVersionField(poll.pollId)], poll),

    async listPolls(sessionId) {
      const flat = (await commands.eval(listPollsScript, pollKeys(sessionId), [])) as string[];
      const polls: PollRecord[] = [];
      for (let i = 0; i + 2 < flat.length; i += 3) polls.push(versioned<PollRecord>(flat[i + 1]!, flat[i + 2]!));
      return polls.sort((a, b) => a.sequenceOrder - b.sequenceOrder);
    },

    async putParticipant(participant) {
      await commands.call([
        'HSET',
        keys.session(participant.sessionId, 'participants'),
        participant.participantId,
        JSON.stringify(participant),
      ]);
    },

    async getParticipant(sessionId, participantId) {
      const json = (await commands.call(['HGET', keys.session(sessionId, 'participants'), participantId])) as
        | string
        | null;
      return json === null ? undefined : (JSON.parse(json) as ParticipantRecord);
    },
  };
}
