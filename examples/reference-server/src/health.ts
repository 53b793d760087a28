import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-io.js';

/** Liveness: `200 {"status":"ok"}` while the process serves HTTP. */
export const HEALTH_PATH = '/healthz';
/** Readiness: `200 {"status":"ready"}` while the server takes new clients, else `503` with why not. */
export const READY_PATH = '/readyz';

/**
 * A dependency the server needs to take clients, e.g. Redis answering a `PING`. A check that throws, resolves
 * `false` or takes longer than the readiness timeout fails.
 */
export type ReadinessCheck = () => boolean | Promise<boolean>;

/** A readiness check slower than this fails (a probe must answer within the load balancer's own timeout). */
export const READINESS_TIMEOUT_MS = 500;

/** What `/readyz` answers: `ready`, `draining`, or `<check>_unavailable` (e.g. `redis_unavailable`). */
export type ReadinessStatus = 'ready' | 'draining' | `${string}_unavailable`;

export interface HealthEndpointsOptions {
  /** Whether a drain started: readiness fails at once, whatever the checks say. */
  draining: () => boolean;
  /** Checks by name, run in parallel on each `/readyz`; the first failing one (in key order) names the status. */
  checks?: Readonly<Record<string, ReadinessCheck>>;
  /** @default READINESS_TIMEOUT_MS (500) */
  timeoutMs?: number;
}

export interface HealthEndpoints {
  /** The readiness `/readyz` would answer now. */
  readiness(): Promise<ReadinessStatus>;
  /** Answers `GET`/`HEAD` `/healthz` and `/readyz` and returns `true`; returns `false` for anything else. */
  handle(request: IncomingMessage, response: ServerResponse, path: string): boolean;
}

const passes = async (check: ReadinessCheck, timeoutMs: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
};

/**
 * `/healthz` (the process is up) and `/readyz` (send it new clients: not draining, and every check passes), as a
 * load balancer or Kubernetes probes them. Both answer JSON with `cache-control: no-store`.
 */
export function createHealthEndpoints(options: HealthEndpointsOptions): HealthEndpoints {
  const checks = Object.entries(options.checks ?? {});
  const timeoutMs = options.timeoutMs ?? READINESS_TIMEOUT_MS;
  // Probes arriving while the checks run share their outcome: a hung dependency is not asked again and again.
  let running: Promise<ReadinessStatus> | undefined;
  const runChecks = async (): Promise<ReadinessStatus> => {
    const results = await Promise.all(checks.map(([, check]) => passes(check, timeoutMs)));
    const failed = checks.find((_, i) => !results[i]);
    return failed ? `${failed[0]}_unavailable` : 'ready';
  };

  const readiness = async (): Promise<ReadinessStatus> => {
    if (options.draining()) return 'draining';
    running ??= runChecks().finally(() => {
      running = undefined;
    });
    const status = await running;
    // A drain may have started while the checks ran.
    return options.draining() ? 'draining' : status;
  };

  const answer = (response: ServerResponse, status: number, body: { status: string }) => {
    response.setHeader('cache-control', 'no-store');
    sendJson(response, status, body);
  };

  return {
    readiness,
    handle(request, response, path) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      if (path === HEALTH_PATH) {
        answer(response, 200, { status: 'ok' });
        return true;
      }
      if (path !== READY_PATH) return false;
      void readiness().then((status) => answer(response, status === 'ready' ? 200 : 503, { status }));
      return true;
    },
  };
}
