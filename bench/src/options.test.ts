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
