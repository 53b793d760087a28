// Starts a local cluster: NODES (2) reference-server processes on ports BASE_PORT (8080), BASE_PORT + 1, …, all on
// REDIS_URL (default redis://127.0.0.1:6379) and REDIS_PREFIX. SIGINT/SIGTERM are forwarded; when one node exits,
// the others are stopped too.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const basePort = Number(process.env.BASE_PORT ?? 8080);
const size = Number(process.env.NODES ?? 2);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const nodes: ChildProcess[] = Array.from({ length: size }, (_, i) =>
  spawn(process.execPath, ['--conditions=source', '--import', 'tsx', main], {
    env: { ...process.env, REDIS_URL: redisUrl, PORT: String(basePort + i) },
    stdio: 'inherit',
  }),
);

let exitCode = 0;
const stopAll = (signal: NodeJS.Signals) => {
  for (const node of nodes) if (node.exitCode === null && node.signalCode === null) node.kill(signal);
};
for (const node of nodes) {
  node.once('exit', (code) => {
    if (code) exitCode = code;
    stopAll('SIGTERM');
    if (nodes.every((n) => n.exitCode !== null || n.signalCode !== null)) process.exit(exitCode);
  });
}
process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
