import { startReferenceServer } from './server.js';

const port = Number(process.env.PORT ?? 8080);
const server = await startReferenceServer({
  port,
  host: process.env.HOST ?? '127.0.0.1',
  ...(process.env.STATIC_DIR ? { staticDir: process.env.STATIC_DIR } : {}),
});
console.log(`pollwire reference server: ${server.httpUrl} (WebSocket ${server.wsUrl}?token=…)`);

const shutdown = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
