import { runServerProcess } from '../main.js';
import { createWsOnceStack } from '../stacks/ws-once.js';

await runServerProcess(createWsOnceStack);
