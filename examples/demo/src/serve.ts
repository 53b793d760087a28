import { buildLivePoll } from '@pollwire/browser-live-poll/build';
import { startReferenceServer } from '@pollwire/reference-server';
import { createHttpApi } from './http-api.js';

export interface ServeOptions {
  /** @default 8080 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  out: NodeJS.WritableStream;
}

/**
 * `pnpm demo --serve`: builds the browser pages, serves them with the reference server, opens a session and
 * prints the presenter and participant URLs. Resolves with a function that stops the server.
 */
export async function serveDemo(options: ServeOptions): Promise<() => Promise<void>> {
  const staticDir = await buildLivePoll();
  const server = await startReferenceServer({
    port: options.port ?? 8080,
    host: options.host ?? '127.0.0.1',
    staticDir,
  });
  const api = createHttpApi(server.httpUrl);
  const session = await api.createSession('Pollwire live poll');
  await api.start(session.sessionId, session.presenterToken);
  const presenter = `${server.httpUrl}/presenter.html#${new URLSearchParams({ ...session })}`;
  const participant = `${server.httpUrl}/participant.html?slug=${encodeURIComponent(session.slug)}`;
  options.out.write(
    [
      `Pollwire reference server on ${server.httpUrl} (WebSocket ${server.wsUrl}), in memory.`,
      '',
      `Presenter (session "${session.slug}" is ready):`,
      `  ${presenter}`,
      'Participants (open in other windows or on other devices of this network if HOST allows):',
      `  ${participant}`,
      `Or start from scratch: ${server.httpUrl}/presenter.html`,
      '',
      'Ctrl-C stops the server.',
      '',
    ].join('\n'),
  );
  return () => server.close();
}
