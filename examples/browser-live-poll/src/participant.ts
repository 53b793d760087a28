import {
  createPollwireClient,
  type PollState,
  type PollwireClient,
  type PollwireState,
  VoteRejectedError,
} from '@pollwire/client';
import type { VoteData } from '@pollwire/contracts';
import { api, type JoinedSession, socketUrl } from './shared/api.js';
import { renderChart } from './shared/chart.js';
import { $, h } from './shared/dom.js';

const storageKey = (slug: string) => `pollwire:${slug}`;

/** Joins once per tab and slug: a reload keeps the same participant (and so the one-vote-per-poll rule). */
async function joinOnce(slug: string, displayName: string): Promise<JoinedSession> {
  const saved = sessionStorage.getItem(storageKey(slug));
  if (saved) return JSON.parse(saved) as JoinedSession;
  const joined = await api.join(slug, displayName || undefined);
  sessionStorage.setItem(storageKey(slug), JSON.stringify(joined));
  return joined;
}

function vote(client: PollwireClient, pollId: string, voteData: VoteData) {
  $('#vote-status').textContent = client.status === 'open' ? 'sending…' : 'offline: queued, sent on reconnect';
  client.submitVote({ pollId, voteData }).then(
    () => {
      $('#vote-status').textContent = 'vote counted';
    },
    (error: unknown) => {
      $('#vote-status').textContent =
        error instanceof VoteRejectedError ? `rejected: ${error.reason}` : `failed: ${String(error)}`;
    },
  );
}

function ballot(client: PollwireClient, poll: PollState): HTMLElement {
  const form = h('form', { class: 'ballot', 'data-poll': poll.pollId });
  const submit = (label = 'Vote') => h('button', { type: 'submit' }, label);
  if (poll.pollType === 'multiple_choice' && !poll.allowMultiple) {
    for (const option of poll.options ?? []) {
      const button = h('button', { type: 'button', 'data-option': option.optionText }, option.optionText);
      button.addEventListener('click', () => vote(client, poll.pollId, { selectedOptionIds: [option.optionId] }));
      form.append(button);
    }
  } else if (poll.pollType === 'multiple_choice') {
    for (const option of poll.options ?? []) {
      const box = h('input', { type: 'checkbox', value: option.optionId, 'data-option': option.optionText });
      form.append(h('label', {}, box, option.optionText));
    }
    form.append(submit());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const selected = Array.from(form.querySelectorAll<HTMLInputElement>('input:checked'), (box) => box.value);
      if (selected.length > 0) vote(client, poll.pollId, { selectedOptionIds: selected });
    });
  } else if (poll.pollType === 'rating_scale') {
    for (let value = poll.minRating ?? 1; value <= (poll.maxRating ?? 5); value++) {
      const button = h('button', { type: 'button', 'data-option': String(value) }, String(value));
      button.addEventListener('click', () => vote(client, poll.pollId, { ratingValue: value }));
      form.append(button);
    }
  } else {
    const input = h('input', { type: 'text', maxlength: '500', placeholder: 'Your answer' });
    form.append(input, submit('Send'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (input.value.trim()) vote(client, poll.pollId, { textResponse: input.value.trim() });
    });
  }
  return form;
}

function participate(joined: JoinedSession) {
  $('#join').hidden = true;
  $('#room').hidden = false;
  const client = createPollwireClient({
    url: socketUrl(),
    token: joined.token,
    participantId: joined.participantId,
  });
  client.on('status', ({ status }) => {
    $('#status').textContent = status;
  });

  // The ballot is rebuilt only when the active poll or my vote on it changes, so inputs keep their values.
  let ballotKey = '';
  const render = (state: PollwireState) => {
    $('#participant-count').textContent = String(state.participantCount);
    const poll = state.activePollId ? state.polls[state.activePollId] : undefined;
    const voted = poll ? state.myVotes[poll.pollId] !== undefined : false;
    const key = `${poll?.pollId ?? ''}:${voted}:${state.session.status ?? ''}`;
    if (key !== ballotKey) {
      ballotKey = key;
      $('#question').textContent =
        poll?.question ?? (state.session.status === 'ended' ? 'The session has ended.' : 'Waiting for a poll…');
      $('#ballot').replaceChildren(...(poll && !voted ? [ballot(client, poll)] : []));
      if (!poll || !voted) $('#vote-status').textContent = '';
    }
    $('#results').replaceChildren(...(poll ? [renderChart(poll)] : []));
  };
  let frame = 0;
  client.state.subscribe(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => render(client.state.getSnapshot()));
  });
  render(client.state.getSnapshot());
  addEventListener('pagehide', () => client.close());
}

const slugInput = $<HTMLInputElement>('#slug');
slugInput.value = new URLSearchParams(location.search).get('slug') ?? '';
$<HTMLFormElement>('#join').addEventListener('submit', (event) => {
  event.preventDefault();
  joinOnce(slugInput.value.trim(), $<HTMLInputElement>('#name').value.trim()).then(participate, (error: unknown) => {
    $('#error').textContent = error instanceof Error ? error.message : String(error);
  });
});
