import { startReferenceServer } from '@pollwire/reference-server';
import { describe, expect, it } from 'vitest';
import { createDemoMetrics } from '../src/metrics.js';
import { runScenario } from '../src/scenario.js';

/** Prometheus text exposition, read back: samples by metric name with their labels. */
function parsePrometheus(text: string) {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return {
    names: new Set(samples.map((s) => s.name)),
    /** The sum of `name`'s samples whose labels include `labels`. */
    value: (name: string, labels: Record<string, string> = {}) =>
      samples
        .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((total, s) => total + s.value, 0),
  };
}

describe('the reference server /metrics under the demo workload', () => {
  it("counts what the demo's own clients counted: connections, deliveries, votes by outcome, resyncs", async () => {
    const server = await startReferenceServer({ port: 0 });
    const demo = createDemoMetrics();
    try {
      // Scraped once the run is over, before the clients leave (their departures are not part of the demo's counts).
      let text = '';
      const result = await runScenario({
        participants: 10,
        seed: 7,
        metrics: demo,
        onStep: () => {},
        server,
        async onSettled() {
          const response = await fetch(`${server.httpUrl}/metrics`);
          expect(response.status).toBe(200);
          expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
          text = await response.text();
        },
      });
      expect(result.checks.filter((c) => !c.ok)).toEqual([]);
      const scraped = parsePrometheus(text);
      const role = (name: 'presenter' | 'participant') => ({ pollwire_connection_role: name });

      // Connections: every socket a demo client opened, and nothing else.
      expect(scraped.value('pollwire_server_connections_total', role('presenter'))).toBe(
        demo.connections.get('presenter'),
      );
      expect(scraped.value('pollwire_server_connections_total', role('participant'))).toBe(
        demo.connections.get('participant'),
      );
      expect(demo.connections.get('participant')).toBeGreaterThan(10);

      // Live deliveries: the presenter never drops, so its count is exact. A participant whose proxy cut it may lose
      // frames the server had already written (they come again in its replay): at most its replayed events apart.
      expect(scraped.value('pollwire_server_deliveries_total', role('presenter'))).toBe(
        demo.liveByRole.get('presenter'),
      );
      const participantsLive = scraped.value('pollwire_server_deliveries_total', role('participant'));
      const replayed = demo.replaySizes.reduce((a, b) => a + b, 0);
      expect(participantsLive).toBeGreaterThanOrEqual(demo.liveByRole.get('participant'));
      expect(participantsLive - demo.liveByRole.get('participant')).toBeLessThanOrEqual(replayed);

      // Votes by outcome and rejection reason.
      const outcome = (name: string, reason?: string) =>
        scraped.value('pollwire_votes_total', {
          pollwire_vote_outcome: name,
          ...(reason ? { pollwire_vote_rejection_reason: reason } : {}),
        });
      expect(outcome('accepted')).toBe(demo.votes.get('accepted'));
      // A vote whose confirmation a cut lost is sent again with its requestId: the server counts that repeat too.
      expect(outcome('repeated')).toBeGreaterThanOrEqual(demo.votes.get('repeated'));
      for (const [reason, count] of demo.rejections.entries()) expect(outcome('rejected', reason)).toBe(count);
      expect(outcome('rejected')).toBe(demo.rejections.total());

      // Resumes: resyncs by reason, and the replays served with their sizes.
      expect(scraped.value('pollwire_server_resyncs_total')).toBe(demo.resyncs.total());
      for (const [reason, count] of demo.resyncs.entries()) {
        expect(scraped.value('pollwire_server_resyncs_total', { pollwire_resync_reason: reason })).toBe(count);
      }
      expect(scraped.value('pollwire_replay_size_count')).toBe(demo.replaySizes.length - demo.resyncs.total());
      expect(scraped.value('pollwire_replay_size_sum')).toBe(replayed);
      console.log(
        `[metrics] connections ${demo.connections.total()}, live deliveries presenter ${demo.liveByRole.get('presenter')} / participants server ${participantsLive} demo ${demo.liveByRole.get('participant')}, votes accepted ${outcome('accepted')} repeated ${outcome('repeated')} rejected ${outcome('rejected')}, replays ${demo.replaySizes.length} (${replayed} events), resyncs ${demo.resyncs.total()}`,
      );
    } finally {
      await server.close();
    }
  });
});
