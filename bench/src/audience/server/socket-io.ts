import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';
import { monotonicMs } from '../../clock.js';
import { closeServer, listenLoopback } from '../../server/listen.js';
import { AUDIENCE_POLL, type AudienceServer } from './server.js';

const ROOM = 'keynote';

/** The aggregates Socket.IO's room receives after each vote. */
export interface SocketIoResults {
  pollId: string;
  totalVotes: number;
  counts: number[];
}

/**
 * The same live poll written the way Socket.IO's guides teach a chat or a poll: on connection, join the room, send
 * the newcomer the state and tell the room (`io.to(room).emit('user joined')`); on each vote, count it, acknowledge
 * it, and `io.to(room).emit` the new aggregates. Websocket transport only, no compression, as the other stacks.
 */
export async function createSocketIoAudienceServer(): Promise<AudienceServer> {
  const { server, port } = await listenLoopback();
  const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
  const votes = { accepted: 0, lastAt: Number.NaN };
  const present = new Set<string>();
  let poll: { pollId: string; optionIds: string[]; counts: number[]; voters: Set<string>; open: boolean } | undefined;
  const results = (): SocketIoResults | null =>
    poll ? { pollId: poll.pollId, totalVotes: poll.voters.size, counts: [...poll.counts] } : null;

  io.on('connection', (socket) => {
    const participantId = String(socket.handshake.auth.participantId ?? socket.id);
    socket.join(ROOM);
    present.add(participantId);
    socket.emit('state', {
      participantCount: present.size,
      poll: poll && { pollId: poll.pollId, optionIds: poll.optionIds, open: poll.open },
      results: results(),
    });
    io.to(ROOM).emit('user joined', { participantId, participantCount: present.size });
    socket.on('vote', (vote: { pollId?: unknown; optionId?: unknown }, ack?: (answer: unknown) => void) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      if (!poll?.open || vote.pollId !== poll.pollId) return reply({ ok: false, reason: 'poll_not_active' });
      const option = poll.optionIds.indexOf(String(vote.optionId));
      if (option < 0) return reply({ ok: false, reason: 'invalid_option' });
      if (poll.voters.has(participantId)) return reply({ ok: false, reason: 'duplicate_vote' });
      poll.voters.add(participantId);
      poll.counts[option]!++;
      votes.accepted++;
      votes.lastAt = monotonicMs();
      reply({ ok: true, results: results() });
      io.to(ROOM).emit('results', results());
    });
    socket.on('disconnect', () => {
      present.delete(participantId);
      io.to(ROOM).emit('user left', { participantId, participantCount: present.size });
    });
  });

  return {
    node: { httpUrl: `http://127.0.0.1:${port}`, wsUrl: `http://127.0.0.1:${port}` },
    votes,
    prepare: async () => null,
    async openPoll() {
      const optionIds = AUDIENCE_POLL.options.map(() => randomUUID());
      poll = { pollId: randomUUID(), optionIds, counts: optionIds.map(() => 0), voters: new Set(), open: true };
      io.to(ROOM).emit('poll opened', { pollId: poll.pollId, question: AUDIENCE_POLL.question, optionIds });
      return { pollId: poll.pollId, optionIds };
    },
    async closePoll(pollId) {
      if (poll?.pollId !== pollId) throw new Error(`no poll ${pollId}`);
      poll.open = false;
      io.to(ROOM).emit('poll closed', { pollId, finalVoteCount: poll.voters.size, results: results() });
      return { finalVoteCount: poll.voters.size };
    },
    async close() {
      io.disconnectSockets(true);
      io.close();
      await closeServer(server);
    },
  };
}
