import { cpuSample } from '../../clock.js';
import { createRpcPeer } from '../../ipc/rpc.js';
import type { AudienceServerConfig, AudienceServerMethods, AudienceServerOutNotices } from '../protocol.js';
import { createPollwireAudienceServer } from './pollwire.js';
import type { AudienceServer } from './server.js';
import { createSocketIoAudienceServer } from './socket-io.js';

/**
 * Runs one node of an audience stack in this (child) process and answers the harness over IPC. Exits when the
 * harness goes away.
 */
export async function runAudienceServerProcess(): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  const config = JSON.parse(process.argv[2] ?? '{}') as AudienceServerConfig;
  const server: AudienceServer =
    config.stack === 'socket.io' ? await createSocketIoAudienceServer() : await createPollwireAudienceServer(config);
  const harness = createRpcPeer<{}, AudienceServerMethods, AudienceServerOutNotices>({
    port: process,
    handlers: {
      prepare: () => server.prepare(),
      openPoll: () => server.openPoll(),
      closePoll: ({ pollId }) => server.closePoll(pollId),
      figures: () => ({
        cpu: cpuSample(),
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        acceptedVotes: server.votes.accepted,
        lastVoteAt: server.votes.lastAt,
      }),
      close: async () => {
        await server.close();
        setImmediate(() => process.exit(0));
      },
    },
  });
  harness.notify('ready', server.node);
}
