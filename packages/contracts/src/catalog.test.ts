import { describe, expect, it } from 'vitest';
import { roomAudience } from './audience.js';
import { EVENT_ENTITIES, EVENT_NAMES, type EventName, eventCatalog, eventDirection, isReplayable } from './catalog.js';

// The catalog's "Event Direction Summary" (shared/spec/realtime-events.md).
const CLIENT_TO_SERVER = ['vote:submitted', 'connection:heartbeat'];
const SERVER_TO_CLIENT = [
  'connection:established',
  'connection:reconnected',
  'connection:heartbeat',
  'session:created',
  'session:started',
  'session:ended',
  'session:synchronized',
  'poll:created',
  'poll:activated',
  'poll:closed',
  'vote:accepted',
  'vote:rejected',
  'participant:joined',
  'participant:disconnected',
  'participant:counted',
  'error:general',
];
const ROOM = [
  'session:created',
  'session:started',
  'session:ended',
  'poll:created',
  'poll:activated',
  'poll:closed',
  'vote:accepted',
  'participant:joined',
  'participant:disconnected',
  'participant:counted',
];

describe('event naming', () => {
  it.each(EVENT_NAMES)('%s is {entity}:{action}, lowercase, with a catalog entity', (name) => {
    expect(name).toMatch(/^[a-z]+:[a-z]+$/);
    const [entity] = name.split(':');
    expect(EVENT_ENTITIES).toContain(entity);
  });

  it('has every event of the catalog sections and no other', () => {
    expect(new Set(EVENT_NAMES)).toEqual(new Set([...CLIENT_TO_SERVER, ...SERVER_TO_CLIENT]));
    // The spec's "Total Events: 14" miscounts: its direction summary lists 2 + 14 entries with
    // connection:heartbeat in both, i.e. 15 distinct names, which is what the catalog sections define;
    // contract 1.1 adds session:synchronized (the state snapshot) and participant:counted (attendance for participants).
    expect(EVENT_NAMES).toHaveLength(17);
  });

  it('matches the direction summary: 2 client-to-server capable events, 16 server-to-client capable', () => {
    const toServer = EVENT_NAMES.filter((n) => eventDirection(n) !== 'server-to-client');
    const toClient = EVENT_NAMES.filter((n) => eventDirection(n) !== 'client-to-server');
    expect(toServer.sort()).toEqual([...CLIENT_TO_SERVER].sort());
    expect(toClient.sort()).toEqual([...SERVER_TO_CLIENT].sort());
    expect(eventDirection('connection:heartbeat')).toBe('bidirectional');
    expect(eventDirection('vote:submitted')).toBe('client-to-server');
  });

  it('replays exactly the room broadcasts', () => {
    expect(EVENT_NAMES.filter(isReplayable).sort()).toEqual([...ROOM].sort());
  });

  it('sends attendance to presenters only, and the count to everyone', () => {
    expect(EVENT_NAMES.filter(isReplayable).filter((n) => roomAudience(n) === 'presenters')).toEqual([
      'participant:joined',
      'participant:disconnected',
    ]);
    expect(roomAudience('participant:counted')).toBe('everyone');
  });

  it('gives vote:accepted an aggregate-only broadcast and a self-only confirmation', () => {
    const { privacy } = eventCatalog['vote:accepted'];
    expect(privacy).toEqual({ room: 'aggregate-only', unicast: 'self-only' });
  });

  it('has a privacy rule and a summary for every shape of every event', () => {
    for (const name of EVENT_NAMES as EventName[]) {
      const { scopes, privacy, summary } = eventCatalog[name];
      expect(Object.keys(privacy).sort()).toEqual(Object.keys(scopes).sort());
      expect(summary.length).toBeGreaterThan(10);
    }
  });
});
