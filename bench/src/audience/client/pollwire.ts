import { createPollwireClient, type PollwireClient } from '@pollwire/client';
import type { PollwireState } from '@pollwire/contracts';
import { WebSocket } from 'ws';
import { monotonicMs } from '../../clock.js';
import type { AudienceNode, AudienceSession, OpenedPoll } from '../protocol.js';
import type { AudienceDriver, JoinParticipant, ParticipantContext } from './participant.js';
import type { Recorder } from './records.js';

/** The room part of a state (what every participant of the room must hold alike). */
const roomState = ({ myVotes: _mine, ...room }: PollwireState) => JSON.stringify(room);

/** `POST /api/sessions/:slug/join`: the reference server's join request. */
async function joinRequest(node: AudienceNode, session: AudienceSession, globalIndex: number) {
  const response = await fetch(`${node.httpUrl}/api/sessions/${encodeURIComponent(session.slug)}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: `Guest ${globalIndex}` }),
  });
  if (response.status !== 201) throw new Error(`join answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { participantId: string; token: string };
}

const socketUrl = (node: AudienceNode, token: string) => `${node.wsUrl}?token=${encodeURIComponent(token)}`;

/** `ws` that counts every frame it receives into the recorder. */
function countingWebSocket(recorder: Recorder, i: number) {
  return class CountingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { perMessageDeflate: false });
      this.on('message', (data: Buffer) => recorder.frame(i, data.length));
    }
  };
}

/** The real `@pollwire/client`: validation, dedup, gap detection, the state store, `submitVote`. */
const joinReal: JoinParticipant = async ({ index: i, globalIndex, node, session, recorder }: ParticipantContext) => {
  const start = monotonicMs();
  const { participantId, token } = await joinRequest(node, session!, globalIndex);
  const client: PollwireClient = createPollwireClient({
    url: node.wsUrl,
    token,
    participantId,
    WebSocket: countingWebSocket(recorder, i) as never,
    connectTimeoutMs: 60_000,
    voteTimeoutMs: 120_000,
  });
  const { records } = recorder;
  let pollId: string | undefined;
  client.state.subscribe(() => {
    const state = client.state.getSnapshot();
    records.heldParticipants[i] = state.participantCount;
    const poll = pollId === undefined ? undefined : state.polls[pollId];
    if (poll) {
      recorder.count(i, poll.results.currentVoteCount);
      if (poll.status === 'closed') recorder.closed(i);
    }
  });
  client.on('status', ({ status, reason }) => {
    if (status === 'reconnecting') {
      records.gaps[i]!++;
      process.stderr.write(`[audience] participant ${globalIndex} reconnecting (${reason})\n`);
    }
  });
  await new Promise<void>((resolve) => {
    client.on('session:synchronized', () => {
      if (Number.isNaN(records.joinMs[i]!)) records.joinMs[i] = monotonicMs() - start;
      resolve();
    });
  });
  return {
    watch(poll) {
      pollId = poll.pollId;
    },
    vote(poll, optionId) {
      client.submitVote({ pollId: poll.pollId, voteData: { selectedOptionIds: [optionId] } }).then(
        () => records.confirmations[i]!++,
        (error: unknown) => {
          records.rejections[i]!++;
          process.stderr.write(`[audience] participant ${globalIndex}: ${String(error)}\n`);
        },
      );
    },
    roomState: () => roomState(client.state.getSnapshot()),
    close: () => client.close(),
  };
};

interface RawMessage {
  event: string;
  seq?: number;
  prev?: number;
  requestId?: string;
  payload: Record<string, unknown>;
}

/**
 * A raw socket speaking the protocol as a minimal client would: it tracks `seq` (with `prev`, as participants do),
 * answers heartbeats, and keeps the poll's count and the participant count; no validation, no state store.
 */
const joinRaw: JoinParticipant = async ({ index: i, globalIndex, node, session, recorder }: ParticipantContext) => {
  const start = monotonicMs();
  const { participantId, token } = await joinRequest(node, session!, globalIndex);
  const { records } = recorder;
  const socket = new WebSocket(socketUrl(node, token), { perMessageDeflate: false });
  let lastSeq: number | null = null;
  let pollId: string | undefined;
  let requestId: string | undefined;
  let live!: () => void;
  const isLive = new Promise<void>((resolve) => {
    live = resolve;
  });
  const handle = (message: RawMessage) => {
    const { payload } = message;
    if (message.seq !== undefined) {
      if (lastSeq !== null && message.seq <= lastSeq) {
        records.duplicates[i]!++;
        return;
      }
      if (lastSeq !== null && (message.prev ?? message.seq - 1) > lastSeq) records.gaps[i]!++;
      lastSeq = message.seq;
    }
    switch (message.event) {
      case 'session:synchronized':
        lastSeq = payload.seq as number;
        records.heldParticipants[i] = payload.participantCount as number;
        if (Number.isNaN(records.joinMs[i]!)) records.joinMs[i] = monotonicMs() - start;
        live();
        break;
      case 'participant:counted':
        records.heldParticipants[i] = payload.participantCount as number;
        break;
      case 'vote:accepted':
        if (message.seq === undefined) {
          if (message.requestId === requestId) records.confirmations[i]!++;
        } else if (payload.pollId === pollId) recorder.count(i, payload.currentVoteCount as number);
        break;
      case 'vote:rejected':
        if (message.requestId === requestId) records.rejections[i]!++;
        break;
      case 'poll:closed':
        if (payload.pollId === pollId) {
          recorder.count(i, payload.finalVoteCount as number);
          recorder.closed(i);
        }
        break;
      case 'connection:heartbeat':
        socket.send(
          JSON.stringify({ event: 'connection:heartbeat', payload: { timestamp: new Date().toISOString() } }),
        );
        break;
    }
  };
  socket.on('message', (data: Buffer) => {
    recorder.frame(i, data.length);
    const parsed = JSON.parse(data.toString()) as RawMessage | RawMessage[];
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) handle(message);
  });
  socket.on('close', (code) => {
    if (code !== 1000 && code !== 1005)
      process.stderr.write(`[audience] raw participant ${globalIndex} closed ${code}\n`);
  });
  socket.on('error', (error) => process.stderr.write(`[audience] raw participant ${globalIndex}: ${error.message}\n`));
  await isLive;
  return {
    watch(poll) {
      pollId = poll.pollId;
    },
    vote(poll: OpenedPoll, optionId: string) {
      requestId = `vote-${globalIndex}`;
      socket.send(
        JSON.stringify({
          event: 'vote:submitted',
          requestId,
          payload: {
            pollId: poll.pollId,
            participantId,
            voteData: { selectedOptionIds: [optionId] },
            submittedAt: new Date().toISOString(),
          },
        }),
      );
    },
    close: () => socket.close(1000),
  };
};

/** A real client connected with the presenter's token. */
function connectPresenter(node: AudienceNode, session: AudienceSession, onFrame: () => void) {
  const client = createPollwireClient({
    url: node.wsUrl,
    token: session.presenterToken,
    WebSocket: class extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { perMessageDeflate: false });
        this.on('message', onFrame);
      }
    } as never,
  });
  const synchronized = new Promise<void>((resolve) => client.on('session:synchronized', () => resolve()));
  return { client, synchronized };
}

export const pollwireAudienceDriver: AudienceDriver = {
  real: joinReal,
  raw: joinRaw,
  async serverState(node, session) {
    const { client, synchronized } = connectPresenter(node, session, () => {});
    await synchronized;
    const state = roomState(client.state.getSnapshot());
    client.close();
    return state;
  },
  async presenter(node, session) {
    let frames = 0;
    let joinedEvents = 0;
    const { client, synchronized } = connectPresenter(node, session, () => frames++);
    client.on('participant:joined', () => joinedEvents++);
    await synchronized;
    return {
      figures: () => ({ frames, joinedEvents, attendance: client.state.getSnapshot().participantCount }),
      close: () => client.close(),
    };
  },
};
