import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { isUnavailable } from '../errors.js';
import type { Hub } from '../hub/hub.js';
import type { ConnectOptions } from '../hub/catch-up.js';
import type { ConnectionIdentity } from '../hub/socket.js';
import type { MaybePromise } from '../util/maybe-promise.js';
import { bindSocket, createFrameEncoder, WsSocket } from './ws-socket.js';

/** 64 KiB: the largest client frame accepted (larger ones close the socket with 1009). */
export const DEFAULT_MAX_PAYLOAD = 64 * 1024;
export const DEFAULT_WS_PATH = '/ws';

export interface AttachWebSocketOptions {
  hub: Hub;
  /** Maps the upgrade request to an identity; `undefined`/`null` answers HTTP 401 before any upgrade. */
  authenticate(request: IncomingMessage, url: URL): MaybePromise<ConnectionIdentity | null | undefined>;
  /** Listens for `upgrade` on this server. Omit to call `handleUpgrade` yourself. */
  server?: Server;
  /** Your own `WebSocketServer` (must be `noServer: true`). @default a new one with the options below */
  wss?: WebSocketServer;
  /** @default '/ws' */
  path?: string;
  /** Allowed `Origin` values (others get 403), or a predicate. @default every origin */
  allowedOrigins?: readonly string[] | ((origin: string | undefined) => boolean);
  /** Whether the session exists (else 404). @default no check */
  sessionExists?(sessionId: string): MaybePromise<boolean>;
  /** @default 65_536 (64 KiB) */
  maxPayload?: number;
}

export interface WebSocketAttachment {
  wss: WebSocketServer;
  /** Handles one upgrade request; `false` when its path is not ours (left untouched). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean>;
  /** Detaches from the server (the hub closes the connections). */
  close(): void;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function refuse(socket: Duplex, status: number, error: string) {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Guards a socket while it is being admitted; removed once `ws` owns it (a shared function: no closure per socket). */
function destroyOnError(this: Duplex) {
  this.destroy();
}

/**
 * Serves the hub over `ws` on a path: a draining hub (503), Origin allowlist (403), `authenticate` (401), session check (404) — all
 * answered before any upgrade — then `?lastEventId=` / `?history=1` (the log from its start) / `?history=0` (live events only) go to the hub's handshake.
 *
 * @example
 * const server = http.createServer(app);
 * attachWebSocketServer({ hub, server, authenticate: (req, url) => verify(url.searchParams.get('token')) });
 */
export function attachWebSocketServer(options: AttachWebSocketOptions): WebSocketAttachment {
  const { hub, server } = options;
  const path = options.path ?? DEFAULT_WS_PATH;
  const wss =
    options.wss ??
    new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
      perMessageDeflate: false,
    });
  const allowed = options.allowedOrigins;
  const originAllowed = (origin: string | undefined) =>
    allowed === undefined ||
    (typeof allowed === 'function' ? allowed(origin) : origin !== undefined && allowed.includes(origin));

  const encoder = createFrameEncoder();
  const accept = (ws: WebSocket, network: Duplex, identity: ConnectionIdentity, url: URL) => {
    const lastEventId = url.searchParams.get('lastEventId') || undefined;
    const connection = hub.connect(new WsSocket(ws, encoder, network), identity, {
      lastEventId,
      start: startOf(url.searchParams.get('history')),
    });
    bindSocket(ws, connection);
  };

  /** The identity to connect, or the HTTP status and error to refuse with. */
  const admit = async (request: IncomingMessage, url: URL): Promise<ConnectionIdentity | readonly [number, string]> => {
    if (hub.draining) return [503, 'draining'];
    if (!originAllowed(request.headers.origin)) return [403, 'origin_not_allowed'];
    const identity = await options.authenticate(request, url);
    if (!identity || (identity.role === 'participant' && !identity.participantId)) return [401, 'unauthorized'];
    if (options.sessionExists && !(await options.sessionExists(identity.sessionId))) return [404, 'session_not_found'];
    return identity;
  };

  const handleUpgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return false;
    socket.on('error', destroyOnError);
    const refusal = await admit(request, url).catch((error: unknown) =>
      isUnavailable(error) ? ([503, 'unavailable'] as const) : ([500, 'internal_error'] as const),
    );
    if (Array.isArray(refusal)) {
      hub.connectionRefused(refusal[0], refusal[1]);
      refuse(socket, refusal[0], refusal[1]);
    } else if (!socket.destroyed) {
      const identity = refusal as ConnectionIdentity;
      wss.handleUpgrade(request, socket, head, (ws) => {
        socket.off('error', destroyOnError);
        accept(ws, socket, identity, url);
      });
    }
    return true;
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void handleUpgrade(request, socket, head).then((handled) => {
      if (!handled && server && server.listenerCount('upgrade') === 1) refuse(socket, 404, 'not_found');
    });
  };
  server?.on('upgrade', onUpgrade);

  return {
    wss,
    handleUpgrade,
    close: () => {
      server?.off('upgrade', onUpgrade);
    },
  };
}

/** `?history=1`: the session's log from its start; `?history=0`: live events only; otherwise the state. */
const startOf = (history: string | null): NonNullable<ConnectOptions['start']> =>
  history === '1' ? 'history' : history === '0' ? 'none' : 'snapshot';
