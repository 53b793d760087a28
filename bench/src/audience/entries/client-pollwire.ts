import { pollwireAudienceDriver } from '../client/pollwire.js';
import { runAudienceClientProcess } from '../client/process.js';

runAudienceClientProcess(pollwireAudienceDriver);
