import { createPollwireDriver } from '../drivers/pollwire.js';
import { runClientProcess } from '../main.js';

runClientProcess(createPollwireDriver({ tapRoomFrames: true }));
