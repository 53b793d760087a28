// @vitest-environment jsdom
import { createPollwireClient, type PollwireClient, type PollwireClientOptions } from '@pollwire/client';
import { createFaultProxy, type FaultProxy } from '@pollwire/fault-proxy';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { clientWebSocket, createApiClient, waitFor } from '@pollwire/test-kit';
import { act, cleanup, configure, render, screen } from '@testing-library/react';
import { createElement as h, type ReactNode, StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PollwireProvider,
  type UseVote,
  useConnectionStatus,
  usePollwireEvent,
  usePollwireState,
  useVote,
} from '../src/index.js';

// Real sockets on a shared CI machine: give each findBy* more than Testing Library's 1 s default.
configure({ asyncUtilTimeout: 5_000 });

let server: ReferenceServer;
let proxy: FaultProxy;
const others: PollwireClient[] = [];

beforeAll(async () => {
  server = await startReferenceServer({ port: 0, heartbeatIntervalMs: 1_000 });
  proxy = await createFaultProxy({ target: server.wsUrl });
});
afterEach(() => {
  cleanup();
  for (const client of others.splice(0)) client.close();
  proxy.heal();
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

const fastBackoff = { minDelayMs: 20, maxDelayMs: 100 };

/** `WebSocket` that counts the sockets it opens. */
function countingWebSocket() {
  const opened: unknown[] = [];
  const Base = clientWebSocket;
  class Counting extends Base {
    constructor(...args: ConstructorParameters<typeof Base>) {
      super(...args);
      opened.push(this);
    }
  }
  return { WebSocket: Counting, opened };
}

async function liveSession() {
  const session = await createApiClient(server.httpUrl).createSession();
  await session.start();
  return session;
}

/** A client of the participant, outside React, closed after the test. */
function participantClient(person: { token: string; participantId: string }) {
  const client = createPollwireClient({
    url: server.wsUrl,
    token: person.token,
    participantId: person.participantId,
    WebSocket: clientWebSocket,
  });
  others.push(client);
  return client;
}

/** A participant outside React who votes, to move results. */
async function voter(session: Awaited<ReturnType<typeof liveSession>>, pollId: string, optionId: string) {
  const client = participantClient(await session.join());
  await client.submitVote({ pollId, voteData: { selectedOptionIds: [optionId] } });
}

const optionOf = (poll: { options?: { optionId: string }[] | undefined }, i: number) => poll.options![i]!.optionId;

function StatusText() {
  return h('p', null, useConnectionStatus().status);
}

/** A poll's vote count, counting its own renders. */
function Count({ pollId, name, renders }: { pollId: string; name: 'a' | 'b'; renders: Record<'a' | 'b', number> }) {
  renders[name]++;
  const count = usePollwireState((state) => state.polls[pollId]?.results.currentVoteCount ?? -1);
  return h('p', null, `${name}=${count}`);
}

/** Hands the test each render's `useVote`. */
function VoteProbe({ pollId, onRender }: { pollId: string; onRender: (vote: UseVote<'multiple_choice'>) => void }) {
  const vote = useVote<'multiple_choice'>(pollId);
  onRender(vote);
  return h('p', null, `${vote.status}:${vote.reason ?? ''}`);
}

function Listener({ tag, calls }: { tag: string; calls: string[] }) {
  usePollwireEvent('poll:created', (poll) => calls.push(`${tag}:${poll.question}`));
  return null;
}

/** What a participant sees through a cut: the count, the connection, whether a vote waits. */
function CutScreen({ pollId }: { pollId: string }): ReactNode {
  const count = usePollwireState((state) => state.polls[pollId]?.results.currentVoteCount ?? 0);
  const { status, hasQueuedVotes } = useConnectionStatus();
  return h('p', null, `count=${count} status=${status} queued=${hasQueuedVotes}`);
}

describe('PollwireProvider', () => {
  it('opens one socket under StrictMode, and closes it on unmount', async () => {
    const session = await liveSession();
    const me = await session.join('Ada');
    const { WebSocket, opened } = countingWebSocket();
    const options: PollwireClientOptions = {
      url: server.wsUrl,
      token: me.token,
      participantId: me.participantId,
      WebSocket,
    };
    const view = render(h(StrictMode, null, h(PollwireProvider, { options }, h(StatusText))));
    await screen.findByText('open');
    await waitFor(() => server.hub.connectionCount(session.sessionId) === 1, 5_000, 'the server to see the socket');
    expect(opened).toHaveLength(1);

    view.unmount();
    await waitFor(() => server.hub.connectionCount(session.sessionId) === 0, 5_000, 'the socket to close');
    expect(opened).toHaveLength(1);
  });
});

describe('usePollwireState', () => {
  it('re-renders a component only when its slice changes', async () => {
    const session = await liveSession();
    const me = await session.join('Bo');
    const pollA = await session.createPoll('A?');
    await session.activate(pollA.pollId);
    await voter(session, pollA.pollId, optionOf(pollA, 0));
    await session.close(pollA.pollId);
    const pollB = await session.createPoll('B?');
    await session.activate(pollB.pollId);

    const renders = { a: 0, b: 0 };
    const options = { url: server.wsUrl, token: me.token, participantId: me.participantId, WebSocket: clientWebSocket };
    render(
      h(
        PollwireProvider,
        { options },
        h(Count, { pollId: pollA.pollId, name: 'a', renders }),
        h(Count, { pollId: pollB.pollId, name: 'b', renders }),
      ),
    );
    await screen.findByText('a=1');
    await screen.findByText('b=0');
    const settledA = renders.a;
    const settledB = renders.b;

    for (let i = 0; i < 3; i++) {
      await voter(session, pollB.pollId, optionOf(pollB, i % 2));
      await screen.findByText(`b=${i + 1}`);
    }
    expect(renders.b).toBeGreaterThanOrEqual(settledB + 3);
    expect(renders.a).toBe(settledA);
  });
});

describe('useVote', () => {
  it('goes idle -> pending -> accepted, and shows a duplicate as rejected with its reason', async () => {
    const session = await liveSession();
    const me = await session.join('Cy');
    const poll = await session.createPoll('Tea?');
    await session.activate(poll.pollId);
    const client = participantClient(me);
    await waitFor(() => client.state.getSnapshot().activePollId === poll.pollId, 5_000, 'the poll');

    let vote!: UseVote<'multiple_choice'>;
    const onRender = (latest: UseVote<'multiple_choice'>) => {
      vote = latest;
    };
    /** Submits, and reads the status right after (the answer cannot have come yet) and once settled. */
    const submitted = async (optionId: string) => {
      let settled!: Promise<void>;
      act(() => {
        settled = vote.submit({ selectedOptionIds: [optionId] });
      });
      const meanwhile = vote.status;
      await act(() => settled);
      return [meanwhile, vote.status];
    };
    const tree = (key: string) => h(PollwireProvider, { client, key }, h(VoteProbe, { pollId: poll.pollId, onRender }));
    const view = render(tree('first'));
    expect(vote.status).toBe('idle');
    expect(await submitted(optionOf(poll, 0))).toEqual(['pending', 'accepted']);

    // A fresh component (a reload) shows `accepted` from the state; voting again is refused.
    view.rerender(tree('second'));
    expect(vote.status).toBe('accepted');
    expect(await submitted(optionOf(poll, 1))).toEqual(['pending', 'rejected']);
    expect(vote.reason).toBe('duplicate_vote');
    expect(vote.error?.name).toBe('VoteRejectedError');
    await screen.findByText('rejected:duplicate_vote');
  });
});

describe('usePollwireEvent', () => {
  it('calls the latest handler with the typed payload, subscribed once', async () => {
    const session = await liveSession();
    const me = await session.join('Di');
    const client = participantClient(me);
    await waitFor(() => client.status === 'open', 5_000, 'open');
    let subscriptions = 0;
    const on = client.on.bind(client);
    client.on = ((event: Parameters<typeof on>[0], handler: Parameters<typeof on>[1]) => {
      if (event === 'poll:created') subscriptions++;
      return on(event, handler);
    }) as typeof client.on;

    const calls: string[] = [];
    const view = render(h(PollwireProvider, { client }, h(Listener, { tag: 'first', calls })));
    view.rerender(h(PollwireProvider, { client }, h(Listener, { tag: 'second', calls })));
    await session.createPoll('Coffee?');
    await waitFor(() => calls.length === 1, 5_000, 'the event');
    expect(calls).toEqual(['second:Coffee?']);
    expect(subscriptions).toBe(1);
  });
});

describe('after a cut', () => {
  it('catches the rendered state up, and shows the connection and the queued vote meanwhile', async () => {
    const session = await liveSession();
    const me = await session.join('Eve');
    const poll = await session.createPoll('Now?');
    await session.activate(poll.pollId);
    let vote!: UseVote<'multiple_choice'>;
    const onRender = (latest: UseVote<'multiple_choice'>) => {
      vote = latest;
    };
    const options = {
      url: proxy.url,
      token: me.token,
      participantId: me.participantId,
      WebSocket: clientWebSocket,
      backoff: fastBackoff,
      connectTimeoutMs: 500,
    };
    render(
      h(
        PollwireProvider,
        { options },
        h(CutScreen, { pollId: poll.pollId }),
        h(VoteProbe, { pollId: poll.pollId, onRender }),
      ),
    );
    await screen.findByText('count=0 status=open queued=false');

    proxy.cut();
    proxy.blackhole();
    await screen.findByText(/status=reconnecting/, undefined, { timeout: 5_000 });
    await voter(session, poll.pollId, optionOf(poll, 0));
    await voter(session, poll.pollId, optionOf(poll, 1));
    let submitted!: Promise<void>;
    act(() => {
      submitted = vote.submit({ selectedOptionIds: [optionOf(poll, 0)] });
    });
    await screen.findByText(/queued=true/, undefined, { timeout: 5_000 });

    proxy.heal();
    await act(() => submitted);
    await screen.findByText('count=3 status=open queued=false', undefined, { timeout: 5_000 });
    expect(vote.status).toBe('accepted');
  });
});
