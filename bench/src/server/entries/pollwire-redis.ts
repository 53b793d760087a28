import { runServerProcess } from '../main.js';
import { createPollwireRedisStack } from '../stacks/pollwire-redis.js';

await runServerProcess(createPollwireRedisStack);
