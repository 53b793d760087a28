import { describe, expect, it } from 'vitest';
import { FaultProxyError } from './errors.js';
import { parseTarget } from './target.js';

describe('parseTarget', () => {
  it('reads host and port and swaps them for the proxy address, keeping scheme, path and credentials', () => {
    const target = parseTarget('redis://user:pw@127.0.0.1:6380/2');
    expect(target).toMatchObject({ host: '127.0.0.1', port: 6380 });
    expect(target.proxiedUrl('127.0.0.1', 4000)).toBe('redis://user:pw@127.0.0.1:4000/2');
    expect(parseTarget('ws://localhost:8080/ws').proxiedUrl('127.0.0.1', 4001)).toBe('ws://127.0.0.1:4001/ws');
  });

  it("uses the scheme's default port when the URL has none", () => {
    expect(parseTarget('redis://127.0.0.1').port).toBe(6379);
    expect(parseTarget('http://127.0.0.1').port).toBe(80);
    expect(parseTarget('wss://127.0.0.1/ws').port).toBe(443);
  });

  it('reads IPv6 hosts without brackets and writes them back with brackets', () => {
    const target = parseTarget('http://[::1]:8080/');
    expect(target.host).toBe('::1');
    expect(target.proxiedUrl('::1', 9000)).toBe('http://[::1]:9000/');
  });

  it('rejects a target that is not a URL or has no port with a typed error', () => {
    for (const bad of ['127.0.0.1:8080', 'tcp://127.0.0.1']) {
      const error = (() => {
        try {
          parseTarget(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(FaultProxyError);
      expect(error).toMatchObject({ name: 'FaultProxyError', code: 'invalid_target' });
    }
  });
});
