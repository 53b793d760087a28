// Bundled for headless Chromium by tests/browser/testing-mock.test.ts: the mock runs in the page through MSW's
// `setupWorker`, and the real client connects to it.
import { createPollwireClient, type PollwireClient } from '@pollwire/client';
import { setupWorker } from 'msw/browser';
import { createPollwireMock, type PollwireMock } from '../../src/index.js';

const URL = 'wss://polls.example.test/ws';

const roomOf = (state: PollwireClient['state'] extends { getSnapshot(): infer S } ? S : never) => {
  const { myVotes: _mine, ...room } = state;
  return JSON.stringify(room);
};

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function scenario() {
  const mock: PollwireMock = createPollwireMock({ url: URL });
  const worker = setupWorker(...mock.handlers);
  await worker.start({ quiet: true, serviceWorker: { url: '/mockServiceWorker.js' } });
  mock.broadcast('session:started', {});
  const poll = mock.factories.poll('multiple_choice');
  mock.broadcast('poll:created', poll);
  mock.broadcast('poll:activated', { pollId: poll.pollId });
  const me = mock.factories.uuid();
  const client = createPollwireClient({
    url: URL,
    token: me,
    participantId: me,
    backoff: { minDelayMs: 10, maxDelayMs: 50 },
  });
  const confirmation = await client.submitVote({
    pollId: poll.pollId,
    voteData: { selectedOptionIds: [poll.options[0]!.optionId] },
  });
  const resyncs: string[] = [];
  client.on('resync', ({ reason }) => resyncs.push(reason));

  mock.dropNext();
  mock.broadcast('participant:counted', { participantCount: 40 });
  mock.broadcast('participant:counted', { participantCount: 41 });
  await until(() => client.state.getSnapshot().participantCount === 41, 'the gap to heal');

  mock.resumeBy('snapshot');
  mock.disconnect();
  mock.broadcast('participant:counted', { participantCount: 42 });
  await until(() => client.state.getSnapshot().participantCount === 42, 'the state after a resume');

  const result = {
    counted: confirmation.currentVoteCount,
    resyncs,
    equal: roomOf(client.state.getSnapshot()) === roomOf(mock.state),
    violations: mock.violations.length,
  };
  client.close();
  mock.close();
  worker.stop();
  return result;
}

(globalThis as unknown as { scenario: typeof scenario }).scenario = scenario;
