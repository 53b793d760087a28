import { io } from 'socket.io-client';
import { WebSocket } from 'ws';
import { monotonicMs } from '../../clock.js';
import type { SocketIoResults } from '../server/socket-io.js';
import type { AudienceDriver, JoinParticipant, ParticipantContext } from './participant.js';

interface SocketIoState {
  participantCount: number;
  results: SocketIoResults | null;
}

/** socket.io-client 4, websocket transport, no reconnection (a run that loses a socket reports it). */
const joinReal: JoinParticipant = async ({ index: i, globalIndex, node, recorder }: ParticipantContext) => {
  const start = monotonicMs();
  const { records } = recorder;
  const socket = io(node.wsUrl, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { participantId: `p${globalIndex}` },
  });
  let pollId: string | undefined;
  socket.io.on('open', () => {
    socket.io.engine.on('packet', (packet: { data?: unknown }) =>
      recorder.frame(i, 1 + (typeof packet.data === 'string' ? packet.data.length : 0)),
    );
  });
  socket.on('user joined', ({ participantCount }: { participantCount: number }) => {
    records.heldParticipants[i] = participantCount;
  });
  socket.on('user left', ({ participantCount }: { participantCount: number }) => {
    records.heldParticipants[i] = participantCount;
  });
  socket.on('results', (results: SocketIoResults) => {
    if (results.pollId === pollId) recorder.count(i, results.totalVotes);
  });
  socket.on('poll closed', (closed: { pollId: string; finalVoteCount: number }) => {
    if (closed.pollId !== pollId) return;
    recorder.count(i, closed.finalVoteCount);
    recorder.closed(i);
  });
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') process.stderr.write(`[audience] socket.io ${globalIndex}: ${reason}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('state', (state: SocketIoState) => {
      records.heldParticipants[i] = state.participantCount;
      records.joinMs[i] = monotonicMs() - start;
      resolve();
    });
  });
  return {
    watch(poll) {
      pollId = poll.pollId;
    },
    vote(poll, optionId) {
      socket.emit('vote', { pollId: poll.pollId, optionId }, (answer: { ok: boolean }) => {
        if (answer.ok) records.confirmations[i]!++;
        else records.rejections[i]!++;
      });
    },
    close: () => socket.disconnect(),
  };
};

/**
 * A raw socket speaking Engine.IO 4 / Socket.IO 5 text frames: `40{auth}` to connect, `3` to each ping, `42[...]`
 * events, `421[...]` / `431[...]` for the vote and its acknowledgement.
 */
const joinRaw: JoinParticipant = async ({ index: i, globalIndex, node, recorder }: ParticipantContext) => {
  const start = monotonicMs();
  const { records } = recorder;
  const url = `${node.wsUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const socket = new WebSocket(url, { perMessageDeflate: false });
  let pollId: string | undefined;
  let live!: () => void;
  const isLive = new Promise<void>((resolve) => {
    live = resolve;
  });
  const onEvent = (name: string, data: Record<string, unknown>) => {
    switch (name) {
      case 'state':
        records.heldParticipants[i] = data.participantCount as number;
        records.joinMs[i] = monotonicMs() - start;
        live();
        break;
      case 'user joined':
      case 'user left':
        records.heldParticipants[i] = data.participantCount as number;
        break;
      case 'results':
        if (data.pollId === pollId) recorder.count(i, data.totalVotes as number);
        break;
      case 'poll closed':
        if (data.pollId === pollId) {
          recorder.count(i, data.finalVoteCount as number);
          recorder.closed(i);
        }
        break;
    }
  };
  socket.on('message', (raw: Buffer) => {
    recorder.frame(i, raw.length);
    const frame = raw.toString();
    if (frame === '2') socket.send('3');
    else if (frame.startsWith('0')) socket.send(`40${JSON.stringify({ participantId: `p${globalIndex}` })}`);
    else if (frame.startsWith('42')) {
      const [name, data] = JSON.parse(frame.slice(2)) as [string, Record<string, unknown>];
      onEvent(name, data);
    } else if (frame.startsWith('431')) {
      const [answer] = JSON.parse(frame.slice(3)) as [{ ok: boolean }];
      if (answer.ok) records.confirmations[i]!++;
      else records.rejections[i]!++;
    }
  });
  socket.on('error', (error) => process.stderr.write(`[audience] raw socket.io ${globalIndex}: ${error.message}\n`));
  await isLive;
  return {
    watch(poll) {
      pollId = poll.pollId;
    },
    vote(poll, optionId) {
      socket.send(`421${JSON.stringify(['vote', { pollId: poll.pollId, optionId }])}`);
    },
    close: () => socket.close(1000),
  };
};

export const socketIoAudienceDriver: AudienceDriver = { real: joinReal, raw: joinRaw };
