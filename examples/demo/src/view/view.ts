import type { SimulatedClient } from '../audience.js';
import type { DemoMetrics } from '../metrics.js';

/** What the scenario tells a view. */
export interface DemoView {
  step(text: string): void;
  setPresenter(presenter: SimulatedClient): void;
  /** Stops refreshing; the last frame stays on screen. */
  stop(): void;
}

export interface ViewOptions {
  out: NodeJS.WritableStream;
  metrics: DemoMetrics;
  participants: number;
  /** @default Date.now */
  now?: () => number;
  /** @default 100 (TTY) / 1000 (plain) */
  refreshMs?: number;
}

export const elapsed = (startedAt: number, now: number) => `${((now - startedAt) / 1000).toFixed(1).padStart(5)}s`;
