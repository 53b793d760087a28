/** The structural side of a Node IPC channel: `process` in a child, a `ChildProcess` in the parent. */
export interface IpcPort {
  // Method syntax (bivariant), so `ChildProcess#send(message: Serializable)` fits.
  send?(message: unknown): boolean;
  readonly connected?: boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** Method name -> [params, result]. */
export type MethodMap = Record<string, [unknown, unknown]>;
/** Topic name -> data. */
export type NoticeMap = Record<string, unknown>;

type Reply<R> = [R] extends [undefined] ? void | Promise<void> : R | Promise<R>;
export type Handlers<M extends MethodMap> = { [K in keyof M]: (params: M[K][0]) => Reply<M[K][1]> };

type Frame =
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'reply'; id: number; ok: true; result: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string }
  | { kind: 'notice'; topic: string; data: unknown };

/** Thrown by `request` when the peer's handler failed, or when no reply came in time. */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  readonly code: 'remote_error' | 'timeout' | 'closed';
  constructor(code: RpcError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export interface RpcPeerOptions<Local extends MethodMap, InNotices extends NoticeMap> {
  port: IpcPort;
  /** Methods this side answers. */
  handlers?: Partial<Handlers<Local>>;
  /** Notices this side listens to. */
  onNotice?: { [K in keyof InNotices]?: (data: InNotices[K]) => void };
  /** @default 120_000 */
  timeoutMs?: number;
}

export interface RpcPeer<Remote extends MethodMap, OutNotices extends NoticeMap> {
  request<K extends keyof Remote & string>(method: K, params: Remote[K][0], timeoutMs?: number): Promise<Remote[K][1]>;
  notify<K extends keyof OutNotices & string>(topic: K, data: OutNotices[K]): void;
  /** Rejects every pending request (the peer exited). */
  fail(reason: string): void;
}

export const DEFAULT_RPC_TIMEOUT_MS = 120_000;

/**
 * A typed request/reply and notice channel over Node IPC (use `serialization: 'advanced'` so typed arrays pass).
 *
 * @example
 * const server = createRpcPeer<ServerMethods, {}, {}, HarnessNotices>({ port: child });
 * const { connections } = await server.request('status', undefined);
 */
export function createRpcPeer<
  Remote extends MethodMap,
  Local extends MethodMap = {},
  OutNotices extends NoticeMap = {},
  InNotices extends NoticeMap = {},
>(options: RpcPeerOptions<Local, InNotices>): RpcPeer<Remote, OutNotices> {
  const { port, handlers = {}, onNotice = {}, timeoutMs = DEFAULT_RPC_TIMEOUT_MS } = options;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  let nextId = 1;

  const send = (frame: Frame) => {
    if (!port.send || port.connected === false) throw new RpcError('closed', 'IPC channel closed');
    port.send(frame);
  };

  port.on('message', (raw) => {
    const frame = raw as Frame;
    if (frame.kind === 'reply') {
      const entry = pending.get(frame.id);
      if (!entry) return;
      pending.delete(frame.id);
      clearTimeout(entry.timer);
      if (frame.ok) entry.resolve(frame.result);
      else entry.reject(new RpcError('remote_error', frame.error));
    } else if (frame.kind === 'request') {
      const handler = (handlers as Record<string, ((p: unknown) => unknown) | undefined>)[frame.method];
      Promise.resolve()
        .then(() => {
          if (!handler) throw new Error(`unknown method ${frame.method}`);
          return handler(frame.params);
        })
        .then(
          (result) => send({ kind: 'reply', id: frame.id, ok: true, result }),
          (error: unknown) => send({ kind: 'reply', id: frame.id, ok: false, error: describe(error) }),
        )
        .catch(() => {}); // the requester is gone
    } else if (frame.kind === 'notice') {
      (onNotice as Record<string, ((d: unknown) => void) | undefined>)[frame.topic]?.(frame.data);
    }
  });

  return {
    request(method, params, requestTimeoutMs = timeoutMs) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new RpcError('timeout', `${method}: no reply in ${requestTimeoutMs} ms`));
        }, requestTimeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        send({ kind: 'request', id, method, params });
      });
    },
    notify(topic, data) {
      if (port.connected === false) return; // notices are best effort: the peer may be exiting
      send({ kind: 'notice', topic, data });
    },
    fail(reason) {
      for (const [id, entry] of pending) {
        clearTimeout(entry.timer);
        entry.reject(new RpcError('closed', reason));
        pending.delete(id);
      }
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
