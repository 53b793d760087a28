import type { SimulatedClient } from '../audience.js';
import { pollBars, shownPoll, textBar } from './bars.js';
import { type DemoView, elapsed, type ViewOptions } from './view.js';

const ESC = '\u001b[';
const bold = (text: string) => `${ESC}1m${text}${ESC}22m`;
const dim = (text: string) => `${ESC}2m${text}${ESC}22m`;
const green = (text: string) => `${ESC}32m${text}${ESC}39m`;
const BAR_WIDTH = 32;
const STEPS_SHOWN = 6;

/**
 * The live terminal view: steps, participant count, events/s and a bar chart of the poll being voted on,
 * redrawn in place with plain ANSI escapes.
 */
export function createTtyView(options: ViewOptions): DemoView {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const steps: string[] = [];
  let presenter: SimulatedClient | undefined;
  let drawnLines = 0;

  // Lines must not wrap, or redrawing in place would drift.
  const fit = (text: string, reserve: number) => {
    const room = Math.max(20, ((options.out as { columns?: number }).columns ?? 100) - reserve);
    return text.length > room ? `${text.slice(0, room - 1)}…` : text;
  };

  const frame = (): string[] => {
    const state = presenter?.client.state.getSnapshot();
    const lines = [
      `${bold('Pollwire demo')}  ${elapsed(startedAt, now())}   participants ${bold(String(state?.participantCount ?? 0).padStart(4))}` +
        `   events/s ${bold(String(Math.round(options.metrics.rate.perSecond())).padStart(6))}` +
        `   delivered ${options.metrics.deliveries.total()}`,
      '',
      ...steps
        .slice(-STEPS_SHOWN)
        .map((s, i, shown) => (i === shown.length - 1 ? `  ${green('›')} ${fit(s, 6)}` : dim(`  ✓ ${fit(s, 6)}`))),
      '',
    ];
    const poll = state ? shownPoll(state) : undefined;
    if (poll) {
      const bars = pollBars(poll);
      const max = Math.max(1, ...bars.map((b) => b.count));
      const average =
        poll.results.averageRating === undefined ? '' : `, average ${poll.results.averageRating.toFixed(2)}`;
      lines.push(
        `  ${bold(fit(poll.question, 40))} ${dim(`[${poll.status}] ${poll.results.currentVoteCount}/${options.participants} votes${average}`)}`,
      );
      for (const bar of bars) {
        lines.push(
          `    ${bar.label.slice(0, 20).padEnd(20)} ${textBar(bar.count, max, BAR_WIDTH)} ${String(bar.count).padStart(4)}`,
        );
      }
    }
    return lines;
  };

  const draw = () => {
    const lines = frame();
    let text = drawnLines > 0 ? `${ESC}${drawnLines}F` : '';
    for (const line of lines) text += `${ESC}2K${line}\n`;
    // Blank out what the previous, longer frame left below.
    for (let i = lines.length; i < drawnLines; i++) text += `${ESC}2K\n`;
    const extra = Math.max(0, drawnLines - lines.length);
    if (extra > 0) text += `${ESC}${extra}F`;
    drawnLines = lines.length;
    options.out.write(text);
  };
  const timer = setInterval(draw, options.refreshMs ?? 100);

  return {
    step(text) {
      steps.push(text);
    },
    setPresenter(next) {
      presenter = next;
    },
    stop() {
      clearInterval(timer);
      draw();
    },
  };
}
