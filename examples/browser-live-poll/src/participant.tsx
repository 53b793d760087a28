import type { PollState } from '@pollwire/client';
import { PollwireProvider, useConnectionStatus, usePollwireState, useVote, type UseVote } from '@pollwire/react';
import { type FormEvent, type ReactNode, StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, type JoinedSession, socketUrl } from './shared/api.js';
import { Chart } from './shared/chart.js';
import { describeError } from './shared/errors.js';

const storageKey = (slug: string) => `pollwire:${slug}`;

/** Joins once per tab and slug: a reload keeps the same participant (and so the one-vote-per-poll rule). */
async function joinOnce(slug: string, displayName: string): Promise<JoinedSession> {
  const saved = sessionStorage.getItem(storageKey(slug));
  if (saved) return JSON.parse(saved) as JoinedSession;
  const joined = await api.join(slug, displayName || undefined);
  sessionStorage.setItem(storageKey(slug), JSON.stringify(joined));
  return joined;
}

function JoinForm({ onJoined }: { onJoined: (joined: JoinedSession) => void }) {
  const [slug, setSlug] = useState(() => new URLSearchParams(location.search).get('slug') ?? '');
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    joinOnce(slug.trim(), name.trim()).then(onJoined, (caught: unknown) => setError(describeError(caught)));
  };
  return (
    <form id="join" onSubmit={submit}>
      <input
        id="slug"
        type="text"
        placeholder="Session code"
        required
        value={slug}
        onChange={(e) => setSlug(e.target.value)}
      />
      <input
        id="name"
        type="text"
        placeholder="Your name (optional)"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button id="join-button" type="submit">
        Join
      </button>
      <p id="error" role="alert">
        {error}
      </p>
    </form>
  );
}

/** What the participant reads about their vote. */
function VoteStatus({ vote }: { vote: UseVote<PollState['pollType']> }) {
  const { status } = useConnectionStatus();
  const text =
    vote.status === 'pending'
      ? status === 'open'
        ? 'sending…'
        : 'offline: queued, sent on reconnect'
      : vote.status === 'accepted'
        ? 'vote counted'
        : vote.status === 'rejected'
          ? `rejected: ${vote.reason}`
          : '';
  return (
    <p id="vote-status" aria-live="polite">
      {text}
    </p>
  );
}

function Ballot({ poll }: { poll: PollState }) {
  const vote = useVote(poll.pollId);
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const open = vote.status === 'idle' || vote.status === 'rejected';
  let choices: ReactNode = null;
  if (poll.pollType === 'multiple_choice' && !poll.allowMultiple) {
    choices = (poll.options ?? []).map((option) => (
      <button
        type="button"
        key={option.optionId}
        data-option={option.optionText}
        onClick={() => vote.submit({ selectedOptionIds: [option.optionId] })}
      >
        {option.optionText}
      </button>
    ));
  } else if (poll.pollType === 'multiple_choice') {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      if (selected.length > 0) void vote.submit({ selectedOptionIds: selected });
    };
    choices = (
      <form onSubmit={submit}>
        {(poll.options ?? []).map((option) => (
          <label key={option.optionId}>
            <input
              type="checkbox"
              data-option={option.optionText}
              checked={selected.includes(option.optionId)}
              onChange={(e) =>
                setSelected((ids) =>
                  e.target.checked ? [...ids, option.optionId] : ids.filter((id) => id !== option.optionId),
                )
              }
            />
            {option.optionText}
          </label>
        ))}
        <button type="submit">Vote</button>
      </form>
    );
  } else if (poll.pollType === 'rating_scale') {
    const values: number[] = [];
    for (let value = poll.minRating ?? 1; value <= (poll.maxRating ?? 5); value++) values.push(value);
    choices = values.map((value) => (
      <button type="button" key={value} data-option={String(value)} onClick={() => vote.submit({ ratingValue: value })}>
        {value}
      </button>
    ));
  } else {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      if (text.trim()) void vote.submit({ textResponse: text.trim() });
    };
    choices = (
      <form onSubmit={submit}>
        <input
          type="text"
          maxLength={500}
          placeholder="Your answer"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">Send</button>
      </form>
    );
  }
  return (
    <>
      <div id="ballot" className="ballot" data-poll={poll.pollId}>
        {open && choices}
      </div>
      <VoteStatus vote={vote} />
    </>
  );
}

function Room() {
  const { status } = useConnectionStatus();
  const participantCount = usePollwireState((state) => state.participantCount);
  const sessionStatus = usePollwireState((state) => state.session.status);
  const poll = usePollwireState((state) => (state.activePollId ? state.polls[state.activePollId] : undefined));
  return (
    <main id="room">
      <header className="meta">
        <span>
          Participants <strong id="participant-count">{participantCount}</strong>
        </span>
        <span>
          Connection <strong id="status">{status}</strong>
        </span>
      </header>
      <h2 id="question">
        {poll?.question ?? (sessionStatus === 'ended' ? 'The session has ended.' : 'Waiting for a poll…')}
      </h2>
      {poll ? <Ballot key={poll.pollId} poll={poll} /> : <div id="ballot" />}
      <div id="results">{poll && <Chart poll={poll} />}</div>
    </main>
  );
}

function ParticipantApp() {
  const [joined, setJoined] = useState<JoinedSession>();
  if (!joined) return <JoinForm onJoined={setJoined} />;
  return (
    <PollwireProvider
      key={joined.participantId}
      options={{ url: socketUrl(), token: joined.token, participantId: joined.participantId }}
    >
      <Room />
    </PollwireProvider>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <h1>Live poll</h1>
    <ParticipantApp />
  </StrictMode>,
);
