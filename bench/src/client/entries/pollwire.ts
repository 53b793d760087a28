import { pollwireDriver } from '../drivers/pollwire.js';
import { runClientProcess } from '../main.js';

runClientProcess(pollwireDriver);
