import { DEMO_USAGE, DemoArgsError, parseDemoArgs } from './args.js';
import { createDemoMetrics } from './metrics.js';
import { runScenario } from './scenario.js';
import { serveDemo } from './serve.js';
import { formatSummary } from './summary.js';
import { createPlainView } from './view/plain-view.js';
import { createTtyView } from './view/tty-view.js';

async function main(): Promise<number> {
  let args: ReturnType<typeof parseDemoArgs>;
  try {
    args = parseDemoArgs(process.argv.slice(2), { isTTY: process.stdout.isTTY === true, env: process.env });
  } catch (error) {
    if (!(error instanceof DemoArgsError)) throw error;
    process.stderr.write(`${error.message}\n${DEMO_USAGE}\n`);
    return 2;
  }

  if (args.serve) {
    const stop = await serveDemo({
      port: Number(process.env.PORT ?? 8080),
      host: process.env.HOST ?? '127.0.0.1',
      out: process.stdout,
    });
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await stop();
    return 0;
  }

  const metrics = createDemoMetrics();
  const viewOptions = { out: process.stdout, metrics, participants: args.participants };
  const view = args.tty ? createTtyView(viewOptions) : createPlainView(viewOptions);
  try {
    const result = await runScenario({
      participants: args.participants,
      seed: args.seed,
      metrics,
      onStep: (text) => view.step(text),
      onAudience: ({ presenter }) => view.setPresenter(presenter),
    });
    view.stop();
    process.stdout.write(formatSummary(result, metrics));
    return result.checks.every((c) => c.ok) ? 0 : 1;
  } catch (error) {
    view.stop();
    process.stderr.write(`\ndemo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main();
