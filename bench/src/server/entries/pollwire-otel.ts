import { runServerProcess } from '../main.js';
import { pollwireStack } from '../stacks/pollwire.js';
import { prometheusScrapes, SCRAPE_INTERVAL_MS } from '../stacks/prometheus-scrapes.js';

/** `BENCH_SCRAPE_MS` (a diagnostic) sets the scrape interval: e.g. 15000 as Prometheus does, or 600000 for none. */
const intervalMs = Number(process.env.BENCH_SCRAPE_MS) || SCRAPE_INTERVAL_MS;

await runServerProcess(pollwireStack({ telemetry: prometheusScrapes(intervalMs) }));
