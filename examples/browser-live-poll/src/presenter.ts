import { createPollwireClient, type PollState, type PollwireState } from '@pollwire/client';
import type { PollType } from '@pollwire/contracts';
import { api, type CreatedSession, socketUrl } from './shared/api.js';
import { renderChart } from './shared/chart.js';
import { $, h } from './shared/dom.js';

/** The session this page presents: from the URL hash (so a reload keeps it), or created by the form. */
function sessionFromHash(): CreatedSession | undefined {
  const params = new URLSearchParams(location.hash.slice(1));
  const sessionId = params.get('sessionId');
  const slug = params.get('slug');
  const presenterId = params.get('presenterId');
  const presenterToken = params.get('presenterToken');
  if (!sessionId || !slug || !presenterId || !presenterToken) return undefined;
  return { sessionId, slug, presenterId, presenterToken };
}

function showError(error: unknown) {
  $('#error').textContent = error instanceof Error ? error.message : String(error);
}

function pollRow(session: CreatedSession, poll: PollState): HTMLElement {
  const row = h(
    'li',
    { 'data-poll': poll.pollId, 'data-status': poll.status },
    h('span', { class: 'question' }, poll.question),
    h('span', { class: 'badge' }, `${poll.pollType} · ${poll.status} · ${poll.results.currentVoteCount} votes`),
  );
  const action = (label: string, run: () => Promise<unknown>) => {
    const button = h('button', { type: 'button', 'data-action': label.toLowerCase() }, label);
    button.addEventListener('click', () => void run().catch(showError));
    row.append(button);
  };
  if (poll.status === 'created') action('Activate', () => api.activatePoll(session, poll.pollId));
  if (poll.status === 'active') action('Close', () => api.closePoll(session, poll.pollId));
  return row;
}

function render(session: CreatedSession, state: PollwireState) {
  $('#participant-count').textContent = String(state.participantCount);
  $('#session-status').textContent = state.session.status ?? '…';
  const polls = Object.values(state.polls).sort((a, b) => a.sequenceOrder - b.sequenceOrder);
  $('#polls').replaceChildren(...polls.map((poll) => pollRow(session, poll)));
  const shown = (state.activePollId ? state.polls[state.activePollId] : undefined) ?? polls.at(-1);
  $('#chart-title').textContent = shown ? shown.question : 'No poll yet';
  $('#chart').replaceChildren(...(shown ? [renderChart(shown)] : []));
}

function readPollForm() {
  const pollType = $<HTMLSelectElement>('#poll-type').value as PollType;
  const options = $<HTMLTextAreaElement>('#options')
    .value.split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return {
    question: $<HTMLInputElement>('#question').value,
    pollType,
    ...(pollType === 'multiple_choice'
      ? { options, allowMultiple: $<HTMLInputElement>('#allow-multiple').checked }
      : {}),
    ...(pollType === 'rating_scale' ? { minRating: 1, maxRating: 5 } : {}),
    isAnonymous: $<HTMLInputElement>('#anonymous').checked,
  };
}

function present(session: CreatedSession) {
  $('#setup').hidden = true;
  $('#console').hidden = false;
  const link = new URL(`participant.html?slug=${encodeURIComponent(session.slug)}`, location.href).href;
  $('#slug').textContent = session.slug;
  $<HTMLAnchorElement>('#participant-link').href = link;
  $('#participant-link').textContent = link;

  const client = createPollwireClient({ url: socketUrl(), token: session.presenterToken });
  client.on('status', ({ status }) => {
    $('#status').textContent = status;
  });
  let frame = 0;
  client.state.subscribe(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => render(session, client.state.getSnapshot()));
  });
  render(session, client.state.getSnapshot());

  $<HTMLFormElement>('#poll-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void api
      .createPoll(session, readPollForm())
      .then(() => {
        $('#error').textContent = '';
      })
      .catch(showError);
  });
  addEventListener('pagehide', () => client.close());
}

const existing = sessionFromHash();
if (existing) present(existing);
$<HTMLFormElement>('#setup').addEventListener('submit', (event) => {
  event.preventDefault();
  void (async () => {
    const session = await api.createSession($<HTMLInputElement>('#title').value || 'Live poll');
    await api.startSession(session);
    location.hash = new URLSearchParams({ ...session }).toString();
    present(session);
  })().catch(showError);
});
