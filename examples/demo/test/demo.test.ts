import { describe, expect, it } from 'vitest';
import { DemoArgsError, parseDemoArgs } from '../src/args.js';
import { createDemoMetrics } from '../src/metrics.js';
import { runScenario } from '../src/scenario.js';
import { summarize } from '../src/summary.js';

describe('demo arguments', () => {
  it('defaults to 50 participants and the live view on a TTY outside CI', () => {
    expect(parseDemoArgs([], { isTTY: true, env: {} })).toEqual({ participants: 50, seed: 1, tty: true, serve: false });
  });

  it('prints plain lines when asked, when not a TTY, or in CI', () => {
    expect(parseDemoArgs(['--no-tty'], { isTTY: true, env: {} }).tty).toBe(false);
    expect(parseDemoArgs([], { isTTY: false, env: {} }).tty).toBe(false);
    expect(parseDemoArgs([], { isTTY: true, env: { CI: 'true' } }).tty).toBe(false);
  });

  it('reads --participants in both spellings and ignores the `--` pnpm passes along', () => {
    expect(parseDemoArgs(['--', '--participants', '12'], { isTTY: false, env: {} }).participants).toBe(12);
    expect(parseDemoArgs(['--participants=7', '--serve'], { isTTY: false, env: {} })).toMatchObject({
      participants: 7,
      serve: true,
    });
  });

  it('refuses unknown flags and out-of-range counts', () => {
    expect(() => parseDemoArgs(['--participants', '1'], { isTTY: false, env: {} })).toThrow(DemoArgsError);
    expect(parseDemoArgs(['--participants', '2000'], { isTTY: false, env: {} }).participants).toBe(2000);
    expect(() => parseDemoArgs(['--participants', '2001'], { isTTY: false, env: {} })).toThrow(DemoArgsError);
    expect(() => parseDemoArgs(['--fast'], { isTTY: false, env: {} })).toThrow(/unknown argument/);
  });
});

describe('demo scenario', () => {
  it('runs the whole catalog over real sockets and every check passes', async () => {
    const metrics = createDemoMetrics();
    const steps: string[] = [];
    const result = await runScenario({ participants: 10, seed: 7, metrics, onStep: (s) => steps.push(s) });

    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.checks.map((c) => c.name)).toContain('every client state equals the server log');
    expect(steps).toContain('session ended');
    expect(Object.fromEntries(result.loggedByType)).toMatchObject({
      'session:created': 1,
      'session:started': 1,
      'poll:created': 4,
      'poll:activated': 4,
      'poll:closed': 4,
      'session:ended': 1,
    });
    const figures = summarize(metrics);
    expect(figures.replays.count).toBeGreaterThanOrEqual(2);
    expect(figures.replays.events).toBeGreaterThan(0);
    expect(figures.liveSamples).toBeGreaterThan(0);
    expect(Object.fromEntries(metrics.rejections.entries())).toEqual({
      duplicate_vote: 12,
      invalid_option: 1,
      invalid_rating: 1,
      poll_closed: 8,
      poll_not_active: 1,
    });
  }, 60_000);
});
