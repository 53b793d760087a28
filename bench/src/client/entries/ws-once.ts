import { wsOnceDriver } from '../drivers/ws-once.js';
import { runClientProcess } from '../main.js';

runClientProcess(wsOnceDriver);
