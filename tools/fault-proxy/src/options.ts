/** Options of {@link createFaultProxy}. */
export interface FaultProxyOptions {
  /**
   * The server to forward to, as a URL whose host and port are used: `ws://127.0.0.1:8080/ws`,
   * `http://127.0.0.1:8080`, `redis://127.0.0.1:6379`. Without a port, the scheme's default port.
   * The proxy's own {@link FaultProxy.url} is this URL with the host and port swapped for the proxy's.
   */
  target: string;
  /**
   * Interface the proxy listens on.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Port the proxy listens on; `0` picks a free one.
   * @default 0
   */
  port?: number;
}

/** Defaults of {@link FaultProxyOptions}. */
export const FAULT_PROXY_DEFAULTS = { host: '127.0.0.1', port: 0 } as const;
