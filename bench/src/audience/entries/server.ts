import { runAudienceServerProcess } from '../server/process.js';

await runAudienceServerProcess();
