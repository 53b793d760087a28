import type { PollState } from '@pollwire/client';
import type { PollType } from '@pollwire/contracts';
import { PollwireProvider, useConnectionStatus, usePollwireState } from '@pollwire/react';
import { type FormEvent, StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, type CreatedSession, type NewPoll, socketUrl } from './shared/api.js';
import { useAttendance } from './shared/attendance.js';
import { Chart } from './shared/chart.js';
import { describeError } from './shared/errors.js';

/** The session this page presents: from the URL hash (so a reload keeps it), or created by the form. */
function sessionFromHash(): CreatedSession | undefined {
  const params = new URLSearchParams(location.hash.slice(1));
  const [sessionId, slug, presenterId, presenterToken] = ['sessionId', 'slug', 'presenterId', 'presenterToken'].map(
    (name) => params.get(name),
  );
  if (!sessionId || !slug || !presenterId || !presenterToken) return undefined;
  return { sessionId, slug, presenterId, presenterToken };
}

function Setup({ onCreated }: { onCreated: (session: CreatedSession) => void }) {
  const [title, setTitle] = useState('Live poll');
  const [error, setError] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void (async () => {
      const session = await api.createSession(title || 'Live poll');
      await api.startSession(session);
      location.hash = new URLSearchParams({ ...session }).toString();
      onCreated(session);
    })().catch((caught: unknown) => setError(describeError(caught)));
  };
  return (
    <form id="setup" onSubmit={submit}>
      <input
        id="title"
        type="text"
        placeholder="Session title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <button id="create-session" type="submit">
        Create session
      </button>
      <p id="error" role="alert">
        {error}
      </p>
    </form>
  );
}

function PollForm({ session, onError }: { session: CreatedSession; onError: (error: string) => void }) {
  const [question, setQuestion] = useState('');
  const [pollType, setPollType] = useState<PollType>('multiple_choice');
  const [options, setOptions] = useState('');
  const [allowMultiple, setAllowMultiple] = useState(false);
  const [isAnonymous, setAnonymous] = useState(true);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const poll: NewPoll = {
      question,
      pollType,
      isAnonymous,
      ...(pollType === 'multiple_choice'
        ? {
            options: options
              .split('\n')
              .map((line) => line.trim())
              .filter(Boolean),
            allowMultiple,
          }
        : {}),
      ...(pollType === 'rating_scale' ? { minRating: 1, maxRating: 5 } : {}),
    };
    api.createPoll(session, poll).then(
      () => onError(''),
      (caught: unknown) => onError(describeError(caught)),
    );
  };
  return (
    <form id="poll-form" onSubmit={submit}>
      <input
        id="question"
        type="text"
        placeholder="Question"
        required
        value={question}
        onChange={(e) => setQuestion(e.target.value)}
      />
      <select id="poll-type" value={pollType} onChange={(e) => setPollType(e.target.value as PollType)}>
        <option value="multiple_choice">Multiple choice</option>
        <option value="rating_scale">Rating 1–5</option>
        <option value="open_text">Open text</option>
      </select>
      <textarea
        id="options"
        rows={3}
        placeholder="One option per line"
        value={options}
        onChange={(e) => setOptions(e.target.value)}
      />
      <label>
        <input
          id="allow-multiple"
          type="checkbox"
          checked={allowMultiple}
          onChange={(e) => setAllowMultiple(e.target.checked)}
        />{' '}
        multi-select
      </label>
      <label>
        <input id="anonymous" type="checkbox" checked={isAnonymous} onChange={(e) => setAnonymous(e.target.checked)} />{' '}
        anonymous
      </label>
      <button id="create-poll" type="submit">
        Create poll
      </button>
    </form>
  );
}

function PollRow({
  session,
  poll,
  onError,
}: {
  session: CreatedSession;
  poll: PollState;
  onError: (e: string) => void;
}) {
  const run = (action: () => Promise<unknown>) => () =>
    void action().catch((caught: unknown) => onError(describeError(caught)));
  return (
    <li data-poll={poll.pollId} data-status={poll.status}>
      <span className="question">{poll.question}</span>
      <span className="badge">{`${poll.pollType} · ${poll.status} · ${poll.results.currentVoteCount} votes`}</span>
      {poll.status === 'created' && (
        <button type="button" data-action="activate" onClick={run(() => api.activatePoll(session, poll.pollId))}>
          Activate
        </button>
      )}
      {poll.status === 'active' && (
        <button type="button" data-action="close" onClick={run(() => api.closePoll(session, poll.pollId))}>
          Close
        </button>
      )}
    </li>
  );
}

const byOrder = (a: PollState, b: PollState) => a.sequenceOrder - b.sequenceOrder;

function Console({ session }: { session: CreatedSession }) {
  const [error, setError] = useState('');
  const { status } = useConnectionStatus();
  const participantCount = usePollwireState((state) => state.participantCount);
  const sessionStatus = usePollwireState((state) => state.session.status);
  const polls = usePollwireState((state) => state.polls);
  const shown = usePollwireState((state) => (state.activePollId ? state.polls[state.activePollId] : undefined));
  const attendance = useAttendance();
  const ordered = Object.values(polls).sort(byOrder);
  const charted = shown ?? ordered.at(-1);
  const link = new URL(`participant.html?slug=${encodeURIComponent(session.slug)}`, location.href).href;
  return (
    <main id="console">
      <header className="meta">
        <span>
          Code <strong id="slug">{session.slug}</strong>
        </span>
        <span>
          Participants <strong id="participant-count">{participantCount}</strong>
        </span>
        <span>
          Session <strong id="session-status">{sessionStatus ?? '…'}</strong>
        </span>
        <span>
          Connection <strong id="status">{status}</strong>
        </span>
      </header>
      <p>
        Participant link:{' '}
        <a id="participant-link" href={link} target="_blank" rel="noreferrer">
          {link}
        </a>
      </p>
      <PollForm session={session} onError={setError} />
      <ul id="polls">
        {ordered.map((poll) => (
          <PollRow key={poll.pollId} session={session} poll={poll} onError={setError} />
        ))}
      </ul>
      <h2 id="chart-title">{charted ? charted.question : 'No poll yet'}</h2>
      <div id="chart">{charted && <Chart poll={charted} />}</div>
      <h2>Here now</h2>
      <ul id="attendance">
        {attendance.map((person) => (
          <li key={person.participantId} data-participant={person.participantId}>
            {person.displayName ?? 'anonymous'}
          </li>
        ))}
      </ul>
      <p id="error" role="alert">
        {error}
      </p>
    </main>
  );
}

function PresenterApp() {
  const [session, setSession] = useState(sessionFromHash);
  if (!session) return <Setup onCreated={setSession} />;
  return (
    <PollwireProvider key={session.sessionId} options={{ url: socketUrl(), token: session.presenterToken }}>
      <Console session={session} />
    </PollwireProvider>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <h1>Presenter</h1>
    <PresenterApp />
  </StrictMode>,
);
