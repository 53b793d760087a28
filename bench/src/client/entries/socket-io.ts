import { socketIoDriver } from '../drivers/socket-io.js';
import { runClientProcess } from '../main.js';

runClientProcess(socketIoDriver);
