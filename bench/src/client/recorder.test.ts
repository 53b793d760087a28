import { describe, expect, it } from 'vitest';
import { createRecorder } from './recorder.js';

describe('recorder', () => {
  it('counts a state snapshot as receiving every event up to its seq, keeping earlier receipts', () => {
    const recorder = createRecorder(2, 1, 10);
    recorder.record(0, 1, 5);
    recorder.record(1, 1, 6);
    recorder.record(0, 2, 7);
    expect(recorder.watermark()).toBe(1);
    recorder.cover(0, 6, 20);
    recorder.cover(1, 6, 21);
    expect(recorder.watermark()).toBe(6);
    expect(recorder.receivedAt(0, 2)).toBe(7);
    expect(recorder.receivedAt(0, 6)).toBe(20);
    expect(recorder.receivedAt(1, 2)).toBe(21);
    expect(recorder.duplicates()).toBe(0);
    expect(recorder.missing()).toBe(2 * 4);
  });
});
