import type { SimulatedClient } from '../audience.js';
import { pollBars, shownPoll } from './bars.js';
import { type DemoView, elapsed, type ViewOptions } from './view.js';

/** Plain log lines for CI logs and pipes: every step, and a progress line per second while votes arrive. */
export function createPlainView(options: ViewOptions): DemoView {
  const now = options.now ?? Date.now;
  const startedAt = now();
  let presenter: SimulatedClient | undefined;
  const print = (text: string) => options.out.write(`[${elapsed(startedAt, now())}] ${text}\n`);

  const progress = () => {
    const state = presenter?.client.state.getSnapshot();
    const poll = state ? shownPoll(state) : undefined;
    if (!state || poll?.status !== 'active') return;
    const bars = pollBars(poll)
      .map((b) => `${b.label} ${b.count}`)
      .join(', ');
    print(
      `  participants ${state.participantCount}, ${Math.round(options.metrics.rate.perSecond())} events/s, ` +
        `${poll.results.currentVoteCount} votes: ${bars}`,
    );
  };
  const timer = setInterval(progress, options.refreshMs ?? 1000);

  return {
    step(text) {
      print(text);
      const state = presenter?.client.state.getSnapshot();
      const poll = state ? shownPoll(state) : undefined;
      if (text.includes(' closed with ') && poll) {
        print(
          `  results: ${pollBars(poll)
            .map((b) => `${b.label} ${b.count}`)
            .join(', ')}`,
        );
      }
    },
    setPresenter(next) {
      presenter = next;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
