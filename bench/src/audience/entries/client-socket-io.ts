import { runAudienceClientProcess } from '../client/process.js';
import { socketIoAudienceDriver } from '../client/socket-io.js';

runAudienceClientProcess(socketIoAudienceDriver);
