import { describe, expect, it, vi } from 'vitest';
import { recall } from './schema.js';

describe('recall', () => {
  it('returns a matching string and undefined for one that does not match', () => {
    const isWord = recall(/^[a-z]+$/);
    expect(isWord('poll')).toBe('poll');
    expect(isWord('Poll!')).toBeUndefined();
  });

  it('answers a remembered id without running the pattern again', () => {
    const pattern = /^[a-z]+$/;
    const test = vi.spyOn(pattern, 'test');
    const isWord = recall(pattern, 2);
    isWord('alpha');
    // A copy decoded from JSON is another string object with the same content.
    expect(isWord(JSON.parse('"alpha"'))).toBe('alpha');
    expect(test).toHaveBeenCalledTimes(1);
  });

  it('forgets the oldest id beyond its size and never remembers a rejected one', () => {
    const pattern = /^[a-z]+$/;
    const test = vi.spyOn(pattern, 'test');
    const isWord = recall(pattern, 2);
    for (const id of ['alpha', 'Bad!', 'beta', 'gamma']) isWord(id);
    expect(test).toHaveBeenCalledTimes(4);
    isWord('gamma');
    isWord('beta');
    expect(test).toHaveBeenCalledTimes(4);
    expect(isWord('alpha')).toBe('alpha');
    expect(test).toHaveBeenCalledTimes(5);
  });
});
