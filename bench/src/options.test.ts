import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';

describe('parseOptions --server-flags', () => {
  it('passes no extra flags to the servers by default', () => {
    expect(parseOptions([]).serverFlags).toEqual([]);
  });

  it('splits the Node flags given after the equals sign', () => {
    expect(parseOptions(['--server-flags=--trace-gc-nvp  --max-semi-space-size=1']).serverFlags).toEqual([
      '--trace-gc-nvp',
      '--max-semi-space-size=1',
    ]);
  });

  it('rejects a word that is not a flag, which the server entry would take for its arguments', () => {
    expect(() => parseOptions(['--server-flags=--trace-gc-nvp oops'])).toThrow(/takes Node flags .* got oops/);
  });
});

describe('parseOptions --client-flags', () => {
  it('passes no extra flags to the client processes by default', () => {
    expect(parseOptions([]).clientFlags).toEqual([]);
  });

  it('keeps the client flags apart from the server flags', () => {
    const options = parseOptions(['--client-flags=--trace-gc', '--server-flags=--trace-gc-nvp']);
    expect(options.clientFlags).toEqual(['--trace-gc']);
    expect(options.serverFlags).toEqual(['--trace-gc-nvp']);
  });

  it('rejects a word that is not a flag', () => {
    expect(() => parseOptions(['--client-flags=oops'])).toThrow(/--client-flags takes Node flags .* got oops/);
  });
});
