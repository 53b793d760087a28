import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHeartbeatMonitor } from './heartbeat.js';
import { defaultTimers } from './timers.js';

/** A stand-in for the receive side's running count of frames. */
function frames() {
  let count = 0;
  return { receive: () => void count++, count: () => count };
}

describe('createHeartbeatMonitor', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports silence after two intervals without a frame', () => {
    const onSilence = vi.fn();
    const inbound = frames();
    const monitor = createHeartbeatMonitor(defaultTimers, inbound.count, onSilence);
    monitor.start(1000);
    vi.advanceTimersByTime(1999);
    expect(onSilence).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onSilence).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports silence once two whole intervals passed without a frame, checking every half interval', () => {
    const onSilence = vi.fn();
    const inbound = frames();
    const monitor = createHeartbeatMonitor(defaultTimers, inbound.count, onSilence);
    monitor.start(1000);
    vi.advanceTimersByTime(500);
    inbound.receive(); // heard in the second half interval; the four after it are silent
    vi.advanceTimersByTime(2499);
    expect(onSilence).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onSilence).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps a connection that receives frames alive, and leaves no timer after stop', () => {
    const onSilence = vi.fn();
    const inbound = frames();
    const monitor = createHeartbeatMonitor(defaultTimers, inbound.count, onSilence);
    monitor.start(1000);
    for (let i = 0; i < 10; i += 1) {
      vi.advanceTimersByTime(1500);
      inbound.receive();
    }
    expect(onSilence).not.toHaveBeenCalled();
    monitor.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
