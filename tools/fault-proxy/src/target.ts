import { FaultProxyError } from './errors.js';

/** Ports of the schemes a target URL may leave the port out of. */
export const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  'http:': 80,
  'ws:': 80,
  'https:': 443,
  'wss:': 443,
  'redis:': 6379,
  'rediss:': 6379,
};

/** Where a proxy forwards to, read from its target URL. */
export interface Target {
  readonly host: string;
  readonly port: number;
  /** The target URL with the proxy's address in place of the target's. */
  proxiedUrl(host: string, port: number): string;
}

const unbracket = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/** Reads the host and port of `target`; throws a `FaultProxyError` (`invalid_target`) when it has neither. */
export function parseTarget(target: string): Target {
  let url: URL;
  try {
    url = new URL(target);
  } catch (cause) {
    throw new FaultProxyError('invalid_target', `fault proxy target is not a URL: ${target}`, { cause });
  }
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  if (url.hostname === '' || port === undefined) {
    throw new FaultProxyError('invalid_target', `fault proxy target needs a host and a port: ${target}`);
  }
  return {
    host: unbracket(url.hostname),
    port,
    proxiedUrl(host, proxyPort) {
      const proxied = new URL(url);
      proxied.hostname = host.includes(':') ? `[${host}]` : host;
      proxied.port = String(proxyPort);
      return proxied.href;
    },
  };
}
