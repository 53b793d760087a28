import { describe, expect, it } from 'vitest';
import { applyNetworkFault, type NetworkFault } from './network-fault.js';

/** A proxy that records the calls it gets, and a sleep that records its waits. */
function recording() {
  const calls: string[] = [];
  const proxy = {
    cut: () => calls.push('cut'),
    blackhole: () => calls.push('blackhole'),
    heal: () => calls.push('heal'),
    delay: (ms: number) => calls.push(`delay ${ms}`),
    cutAfterServerFrames: (frames: number) => calls.push(`cutAfter ${frames}`),
  };
  const sleep = async (ms: number) => {
    calls.push(`sleep ${ms}`);
  };
  return { calls, proxy, sleep };
}

describe('applyNetworkFault', () => {
  it.each<[NetworkFault, string[]]>([
    [{ kind: 'cut' }, ['cut']],
    [{ kind: 'frameCut', frames: 2 }, ['cutAfter 2', 'cut']],
    [{ kind: 'blackhole', ms: 30 }, ['blackhole', 'sleep 30', 'heal']],
    [{ kind: 'delay', ms: 5 }, ['delay 5']],
    [{ kind: 'wait', ms: 7 }, ['sleep 7']],
  ])('%o drives the proxy as %o', async (fault, expected) => {
    const { calls, proxy, sleep } = recording();
    await applyNetworkFault(proxy, fault, sleep);
    expect(calls).toEqual(expected);
  });
});
