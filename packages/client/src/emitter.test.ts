import { describe, expect, it, vi } from 'vitest';
import { createEmitter } from './emitter.js';

describe('createEmitter', () => {
  it('calls handlers until unsubscribed and isolates a throwing handler', () => {
    const onError = vi.fn();
    const emitter = createEmitter<{ tick: (n: number) => void }>(onError);
    const seen: number[] = [];
    const off = emitter.on('tick', (n) => seen.push(n));
    emitter.on('tick', () => {
      throw new Error('boom');
    });
    emitter.emit('tick', 1);
    off();
    emitter.emit('tick', 2);
    expect(seen).toEqual([1]);
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[0]?.[1]).toBe('tick');
  });
});
