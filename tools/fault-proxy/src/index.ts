export { FaultProxyError, type FaultProxyErrorCode } from './errors.js';
export { createFaultProxy, type FaultProxy } from './fault-proxy.js';
export { applyNetworkFault, type NetworkFault } from './network-fault.js';
export { FAULT_PROXY_DEFAULTS, type FaultProxyOptions } from './options.js';
export { DEFAULT_PORTS, parseTarget, type Target } from './target.js';
export { createFrameCounter, type FrameCounter, frameLength } from './websocket-frames.js';
