import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { voteAcceptedEnvelope } from '../fixtures/vote-accepted.js';
import { BENCH_HOST } from '../server/listen.js';
import { createSocketIoStack } from '../server/stacks/socket-io.js';
import { createSocketIoReceivers, socketIoEventFrame, type VoteAcceptedEnvelope } from './socket-io-receiver.js';

const at = new Date(1_767_434_400_000);

/** The text frames a raw websocket client gets from the bench's Socket.IO stack for one `broadcast()`. */
async function frameFromSocketIoStack(): Promise<{ frame: string; seq: number }> {
  const stack = await createSocketIoStack({ replay: false });
  const ws = new WebSocket(`ws://${BENCH_HOST}:${stack.port}/socket.io/?EIO=4&transport=websocket`);
  try {
    return await new Promise((resolve, reject) => {
      let seq = 0;
      ws.on('error', reject);
      ws.on('message', async (data) => {
        const text = String(data);
        if (text.startsWith('0')) ws.send('40');
        else if (text.startsWith('40')) seq = await stack.broadcast();
        else if (text.startsWith('42')) resolve({ frame: text, seq });
      });
    });
  } finally {
    ws.close();
    await stack.close();
  }
}

describe('socketIoEventFrame', () => {
  it('frames the envelope as a Socket.IO event packet in an engine.io message: 42["vote:accepted",envelope]', () => {
    const envelope = voteAcceptedEnvelope(7, at);
    const frame = socketIoEventFrame(envelope);
    expect(frame.startsWith('42["vote:accepted",{')).toBe(true);
    expect(JSON.parse(frame.slice(2))).toEqual(['vote:accepted', envelope]);
  });

  it('is the exact text the bench Socket.IO stack sends for io.to(room).emit', async () => {
    const { frame, seq } = await frameFromSocketIoStack();
    const [, sent] = JSON.parse(frame.slice(2)) as [string, VoteAcceptedEnvelope];
    expect(seq).toBe(1);
    expect(frame).toBe(socketIoEventFrame(voteAcceptedEnvelope(seq, new Date(sent.timestamp))));
  });
});

describe('createSocketIoReceivers', () => {
  it('delivers every frame to the handler of the receiver it was handed to, in order, with its seq', async () => {
    const seen: number[][] = [[], [], []];
    const receivers = await createSocketIoReceivers(3, (i) => (envelope) => seen[i]!.push(envelope.seq!));
    const seqs = Array.from({ length: 50 }, (_, i) => i + 1);
    for (const seq of seqs) {
      const frame = socketIoEventFrame(voteAcceptedEnvelope(seq, at));
      receivers.deliver(frame, 0);
      receivers.deliver(frame, 2);
    }
    await receivers.settled();
    await receivers.close();
    expect(seen).toEqual([seqs, [], seqs]);
  });

  it('passes the handler the envelope the server emitted', async () => {
    const envelope = voteAcceptedEnvelope(3, at);
    const got: VoteAcceptedEnvelope[] = [];
    const receivers = await createSocketIoReceivers(1, () => (e) => got.push(e));
    receivers.deliver(socketIoEventFrame(envelope), 0);
    await receivers.settled();
    await receivers.close();
    expect(got).toEqual([envelope]);
  });

  it('accepts the frames of the real Socket.IO stack', async () => {
    const { frame, seq } = await frameFromSocketIoStack();
    const seen: number[] = [];
    const receivers = await createSocketIoReceivers(1, () => (envelope) => seen.push(envelope.seq!));
    receivers.deliver(frame, 0);
    await receivers.settled();
    await receivers.close();
    expect(seen).toEqual([seq]);
  });

  it('connects each socket by sending a CONNECT for / and disconnects it on close', async () => {
    const receivers = await createSocketIoReceivers(2, () => () => {});
    expect(receivers.sent(1)).toEqual(['40']);
    await receivers.close();
    expect(receivers.sent(1)).toEqual(['40', '41']);
  });
});
