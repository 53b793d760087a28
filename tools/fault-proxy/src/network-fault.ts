import type { FaultProxy } from './fault-proxy.js';

/** One step of a fault schedule, as property tests generate them. */
export type NetworkFault =
  /** Cut every open connection. */
  | { kind: 'cut' }
  /** Arm a cut after `frames` server frames on the next connection, then cut the open ones to force it. */
  | { kind: 'frameCut'; frames: number }
  /** Black-hole the network for `ms`, then heal it. */
  | { kind: 'blackhole'; ms: number }
  /** Add `ms` of latency from now on (`0` removes it). */
  | { kind: 'delay'; ms: number }
  /** Let the network run as it is for `ms`. */
  | { kind: 'wait'; ms: number };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Applies one {@link NetworkFault} through `proxy`; resolves once it is over (after its `ms` where it has one).
 *
 * @example
 * for (const step of steps) {
 *   if (step.kind === 'vote') await vote();
 *   else await applyNetworkFault(proxy, step);
 * }
 */
export async function applyNetworkFault(
  proxy: Pick<FaultProxy, 'cut' | 'blackhole' | 'heal' | 'delay' | 'cutAfterServerFrames'>,
  fault: NetworkFault,
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<void> {
  switch (fault.kind) {
    case 'cut':
      proxy.cut();
      return;
    case 'frameCut':
      proxy.cutAfterServerFrames(fault.frames);
      proxy.cut();
      return;
    case 'blackhole':
      proxy.blackhole();
      await sleep(fault.ms);
      proxy.heal();
      return;
    case 'delay':
      proxy.delay(fault.ms);
      return;
    case 'wait':
      await sleep(fault.ms);
      return;
  }
}
