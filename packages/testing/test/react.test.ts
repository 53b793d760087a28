// @vitest-environment jsdom
import { PollwireProvider, usePollwireState, useVote } from '@pollwire/react';
import { act, cleanup, configure, render, screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { createElement as h } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createPollwireMock, type PollwireMock } from '../src/index.js';

// Real sockets on a shared CI machine: give each findBy* more than Testing Library's 1 s default.
configure({ asyncUtilTimeout: 5_000 });

const URL = 'wss://polls.example.test/ws';
let mock: PollwireMock;
let server: ReturnType<typeof setupServer>;
afterEach(() => {
  cleanup();
  mock.close();
  server.close();
});

function Poll({ pollId, optionId }: { pollId: string; optionId: string }) {
  const count = usePollwireState((state) => state.polls[pollId]?.results.currentVoteCount ?? 0);
  const vote = useVote<'multiple_choice'>(pollId);
  return h(
    'div',
    null,
    h('p', null, `votes=${count} vote=${vote.status}:${vote.reason ?? ''}`),
    h('button', { type: 'button', onClick: () => vote.submit({ selectedOptionIds: [optionId] }) }, 'Vote'),
  );
}

describe('@pollwire/react against the mock', () => {
  it('renders the mocked room, votes through it, and shows a rejection', async () => {
    mock = createPollwireMock({ url: URL });
    server = setupServer(...mock.handlers);
    server.listen();
    mock.broadcast('session:started', {});
    const poll = mock.factories.poll('multiple_choice');
    mock.broadcast('poll:created', poll);
    mock.broadcast('poll:activated', { pollId: poll.pollId, question: poll.question });
    const me = mock.factories.uuid();

    render(
      h(
        PollwireProvider,
        { options: { url: URL, token: me, participantId: me } },
        h(Poll, { pollId: poll.pollId, optionId: poll.options[0]!.optionId }),
      ),
    );
    await screen.findByText('votes=0 vote=idle:');
    mock.broadcast('vote:accepted', { pollId: poll.pollId, currentVoteCount: 4 });
    await screen.findByText('votes=4 vote=idle:');

    await act(async () => screen.getByRole('button').click());
    await screen.findByText(/vote=accepted:/);
    await act(async () => screen.getByRole('button').click());
    await screen.findByText(/vote=rejected:duplicate_vote/);
    expect(mock.violations).toEqual([]);
  });
});
