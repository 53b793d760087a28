import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PollwireProvider,
  useConnectionStatus,
  usePollwireClient,
  usePollwireEvent,
  usePollwireState,
  useVote,
} from '../src/index.js';

/** A WebSocket that records any use: server rendering must never construct one. */
const constructed: string[] = [];
class ForbiddenWebSocket {
  constructor(url: string) {
    constructed.push(url);
    throw new Error('server rendering opened a WebSocket');
  }
}

const original = (globalThis as { WebSocket?: unknown }).WebSocket;
afterEach(() => {
  Object.defineProperty(globalThis, 'WebSocket', { value: original, configurable: true, writable: true });
});

function Everything() {
  const client = usePollwireClient();
  const count = usePollwireState((state) => state.participantCount);
  const polls = usePollwireState((state) => Object.keys(state.polls).length);
  const { status, hasQueuedVotes } = useConnectionStatus();
  const vote = useVote('00000000-0000-4000-8000-000000000001');
  usePollwireEvent('poll:activated', () => {});
  return h(
    'p',
    null,
    `client=${client === null ? 'none' : 'some'} count=${count} polls=${polls} status=${status} queued=${hasQueuedVotes} vote=${vote.status}`,
  );
}

describe('server rendering', () => {
  it('renders every hook from the initial state without touching WebSocket', () => {
    Object.defineProperty(globalThis, 'WebSocket', { value: ForbiddenWebSocket, configurable: true, writable: true });
    const html = renderToString(
      h(PollwireProvider, { options: { url: 'wss://polls.example.com/ws', token: 't' } }, h(Everything)),
    );
    expect(html).toContain('client=none count=0 polls=0 status=connecting queued=false vote=idle');
    expect(constructed).toEqual([]);
  });

  it('says what is missing when a hook has no provider', () => {
    expect(() => renderToString(h(Everything))).toThrow('<PollwireProvider>');
  });
});
