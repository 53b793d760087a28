/** Machine-readable codes of the errors {@link createFaultProxy} raises. */
export type FaultProxyErrorCode = 'invalid_target' | 'listen_failed';

/** The proxy could not be set up: a target it cannot read, or a port it cannot listen on. */
export class FaultProxyError extends Error {
  override name = 'FaultProxyError';
  readonly code: FaultProxyErrorCode;

  constructor(code: FaultProxyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
