import { runServerProcess } from '../main.js';
import { createPollwireStack } from '../stacks/pollwire.js';

await runServerProcess(createPollwireStack);
