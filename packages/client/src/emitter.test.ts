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

  it('counts the same function subscribed twice as two subscriptions, each removable once', () => {
    const emitter = createEmitter<{ tick: (n: number) => void }>(() => {});
    const seen: number[] = [];
    const handler = (n: number) => seen.push(n);
    const offFirst = emitter.on('tick', handler);
    emitter.on('tick', handler);
    emitter.emit('tick', 1);
    offFirst();
    offFirst();
    emitter.emit('tick', 2);
    expect(seen).toEqual([1, 1, 2]);
  });

  it('applies subscriptions made or removed by a handler from the next emit', () => {
    const emitter = createEmitter<{ tick: (n: number) => void }>(() => {});
    const seen: string[] = [];
    let offB: () => void = () => {};
    emitter.on('tick', (n) => {
      seen.push(`a${n}`);
      offB();
      emitter.on('tick', (m) => seen.push(`c${m}`));
    });
    offB = emitter.on('tick', (n) => seen.push(`b${n}`));
    emitter.emit('tick', 1);
    emitter.emit('tick', 2);
    expect(seen).toEqual(['a1', 'b1', 'a2', 'c2']);
  });

  it('leaves subscriptions made after clear() alone when an older Unsubscribe runs', () => {
    const emitter = createEmitter<{ tick: (n: number) => void }>(() => {});
    const seen: number[] = [];
    const handler = (n: number) => seen.push(n);
    const offOld = emitter.on('tick', handler);
    emitter.clear();
    emitter.on('tick', handler);
    offOld();
    emitter.emit('tick', 1);
    expect(seen).toEqual([1]);
  });

  it('calls a handler subscribed after an emit that found none, and after one that found others', () => {
    const emitter = createEmitter<{ tick: (n: number) => void; tock: (n: number) => void }>(() => {});
    const seen: string[] = [];
    emitter.emit('tick', 1);
    emitter.on('tick', (n) => seen.push(`a${n}`));
    emitter.emit('tick', 2);
    emitter.on('tick', (n) => seen.push(`b${n}`));
    emitter.emit('tock', 3);
    emitter.emit('tick', 4);
    expect(seen).toEqual(['a2', 'a4', 'b4']);
  });

  it('keeps calling a lone handler on repeated emits, reports its throws, and honours its own unsubscribe', () => {
    const onError = vi.fn();
    const emitter = createEmitter<{ tick: (n: number) => void }>(onError);
    const seen: number[] = [];
    const off = emitter.on('tick', (n) => {
      seen.push(n);
      if (n === 2) throw new Error('boom');
      if (n === 3) off();
    });
    for (let n = 1; n <= 4; n++) emitter.emit('tick', n);
    emitter.on('tick', (n) => seen.push(n * 10));
    emitter.emit('tick', 5);
    expect(seen).toEqual([1, 2, 3, 50]);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[1]).toBe('tick');
  });
});
