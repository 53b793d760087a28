export { createApiClient } from './api/session-api.js';
export {
  readJsonLineUrls,
  readReferenceServerUrls,
  SERVER_PROCESS_DEFAULTS,
  type ServerProcess,
  type ServerProcessOptions,
  type ServerUrls,
  type ServerUrlsReader,
  spawnServerProcess,
} from './process/server-process.js';
export { probeRedis, type RequireRedisOptions, requireRedis } from './redis/availability.js';
export {
  type ConnectRedisOptions,
  connectRedis,
  deleteKeys,
  redisTestPrefix,
  type TestRedisClient,
} from './redis/client.js';
export { DEFAULT_REDIS_URL, REDIS_URL } from './redis/env.js';
export { WAIT_FOR_INTERVAL_MS, waitFor } from './wait/wait-for.js';
export {
  FRAME_RECORDER_DEFAULTS,
  type FrameRecorder,
  type FrameRecorderOptions,
  openRecorder,
} from './ws/frame-recorder.js';
export { type ClientWebSocketKind, clientWebSocket, clientWebSocketKind } from './ws/client-websocket.js';
export { upgradeStatus } from './ws/upgrade-status.js';
