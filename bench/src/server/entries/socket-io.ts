import { runServerProcess } from '../main.js';
import { createSocketIoStack } from '../stacks/socket-io.js';

await runServerProcess(createSocketIoStack);
