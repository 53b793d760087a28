import { randomUUID } from 'node:crypto';
import { roomAudience } from '@pollwire/contracts';
import type { ServerMessage } from '@pollwire/contracts';
import { type FrameRecorder, openRecorder, requireRedis } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './cluster-env.js';
import { api } from './http.js';

const redisAvailable = await requireRedis();

/** A recorder that fails the run on a frame the contract rejects. */
const record = (url: string) => openRecorder(url, { onInvalid: 'throw', timeoutMs: 15_000 });

interface Joined {
  sessionId: string;
  participantId: string;
  token: string;
}

const roomView = (messages: ServerMessage[]) =>
  messages.map((m) => ({ event: m.event, eventId: m.eventId, seq: m.seq, payload: m.payload }));

describe.skipIf(!redisAvailable)('two reference-server nodes on one Redis', () => {
  let cluster: Cluster;
  const recorders: FrameRecorder[] = [];
  beforeAll(async () => {
    cluster = await startCluster('two-nodes');
  }, 60_000);
  afterAll(async () => {
    for (const recorder of recorders) void recorder.close();
    await cluster?.close();
  }, 60_000);

  const node = (i: number) => cluster.nodes[i % 2]!;

  it('gives clients spread over both nodes the same events, eventIds and seqs, in order', async () => {
    const created = await api<{ sessionId: string; slug: string; presenterToken: string }>(
      node(0).httpUrl,
      '/api/sessions',
      { title: 'Cluster' },
    );
    const { sessionId, slug, presenterToken } = created;
    // history=1: each socket gets the log from seq 1, so every socket's whole view can be compared.
    const presenter = await record(`${node(1).wsUrl}?token=${presenterToken}&history=1`);
    recorders.push(presenter);
    await api(node(1).httpUrl, `/api/sessions/${sessionId}/start`, {}, presenterToken);

    const participants: Joined[] = [];
    for (let i = 0; i < 6; i++) {
      const joined = await api<Joined>(node(i).httpUrl, `/api/sessions/${slug}/join`, { displayName: `P${i}` });
      participants.push(joined);
      recorders.push(await record(`${node(i + 1).wsUrl}?token=${joined.token}&history=1`));
    }
    const sockets = recorders.slice(1);

    const vote = async (pollId: string, voteData: (i: number) => unknown) => {
      await Promise.all(
        participants.map(async (p, i) => {
          const socket = sockets[i]!;
          const requestId = randomUUID();
          socket.ws.send(
            JSON.stringify({
              event: 'vote:submitted',
              requestId,
              payload: {
                pollId,
                participantId: p.participantId,
                voteData: voteData(i),
                submittedAt: new Date().toISOString(),
              },
            }),
          );
          await socket.waitFor((ms) => ms.some((m) => m.requestId === requestId && m.seq === undefined));
        }),
      );
    };

    const choice = await api<{ pollId: string; options: { optionId: string }[] }>(
      node(1).httpUrl,
      `/api/sessions/${sessionId}/polls`,
      { question: 'Pick', pollType: 'multiple_choice', options: ['a', 'b', 'c'] },
      presenterToken,
    );
    await api(node(0).httpUrl, `/api/sessions/${sessionId}/polls/${choice.pollId}/activate`, {}, presenterToken);
    await vote(choice.pollId, (i) => ({ selectedOptionIds: [choice.options[i % 3]!.optionId] }));

    const rating = await api<{ pollId: string }>(
      node(0).httpUrl,
      `/api/sessions/${sessionId}/polls`,
      { question: 'Rate', pollType: 'rating_scale', minRating: 1, maxRating: 5 },
      presenterToken,
    );
    // Activating the rating poll on the other node closes the choice poll.
    await api(node(1).httpUrl, `/api/sessions/${sessionId}/polls/${rating.pollId}/activate`, {}, presenterToken);
    await vote(rating.pollId, (i) => ({ ratingValue: 1 + (i % 5) }));
    await api(node(0).httpUrl, `/api/sessions/${sessionId}/end`, {}, presenterToken);

    for (const recorder of recorders) await recorder.waitFor((ms) => ms.some((m) => m.event === 'session:ended'));
    const reference = roomView(presenter.room());
    expect(reference.map((m) => m.seq)).toEqual(reference.map((_, i) => i + 1));
    // Participants get every event but attendance, which is for presenters only.
    const forEveryone = reference.filter((m) => roomAudience(m.event) === 'everyone');
    for (const recorder of recorders) {
      expect(roomView(recorder.room())).toEqual(recorder === presenter ? reference : forEveryone);
    }

    const closed = presenter.room().filter((m) => m.event === 'poll:closed');
    expect(closed.map((m) => (m.payload as { finalVoteCount: number }).finalVoteCount)).toEqual([6, 6]);
    const accepted = presenter.room().filter((m) => m.event === 'vote:accepted');
    expect(accepted.map((m) => (m.payload as { currentVoteCount: number }).currentVoteCount)).toEqual([
      1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6,
    ]);
    expect(new Set(reference.map((m) => m.eventId)).size).toBe(reference.length);
  });

  it('accepts exactly one of 200 identical votes from one participant sent to both nodes', async () => {
    const { sessionId, slug, presenterToken } = await api<{ sessionId: string; slug: string; presenterToken: string }>(
      node(0).httpUrl,
      '/api/sessions',
      { title: 'Storm' },
    );
    await api(node(0).httpUrl, `/api/sessions/${sessionId}/start`, {}, presenterToken);
    const poll = await api<{ pollId: string; options: { optionId: string }[] }>(
      node(1).httpUrl,
      `/api/sessions/${sessionId}/polls`,
      { question: 'Pick', pollType: 'multiple_choice', options: ['a', 'b'] },
      presenterToken,
    );
    await api(node(1).httpUrl, `/api/sessions/${sessionId}/polls/${poll.pollId}/activate`, {}, presenterToken);
    const p = await api<Joined>(node(0).httpUrl, `/api/sessions/${slug}/join`, {});
    // 10 connections of the same participant, 5 per node, 20 votes each (under the per-connection rate limit).
    const sockets = await Promise.all(
      Array.from({ length: 10 }, (_, i) => record(`${node(i).wsUrl}?token=${p.token}&history=0`)),
    );
    recorders.push(...sockets);
    // Each socket's room starts at its handshake (history=0): vote only once every socket is in the room.
    await Promise.all(sockets.map((s) => s.next((m) => m.event === 'connection:established')));
    const frame = JSON.stringify({
      event: 'vote:submitted',
      requestId: 'same-request',
      payload: {
        pollId: poll.pollId,
        participantId: p.participantId,
        voteData: { selectedOptionIds: [poll.options[0]!.optionId] },
        submittedAt: new Date().toISOString(),
      },
    });
    for (let i = 0; i < 20; i++) for (const socket of sockets) socket.ws.send(frame);
    const confirmations = (s: FrameRecorder) =>
      s.messages.filter((m) => m.event === 'vote:accepted' && m.seq === undefined);
    for (const socket of sockets) await socket.waitFor(() => confirmations(socket).length === 20, 20_000);
    const voteIds = new Set(
      sockets.flatMap((s) => confirmations(s).map((m) => (m.payload as { voteId: string }).voteId)),
    );
    expect(voteIds.size).toBe(1);
    await api(node(0).httpUrl, `/api/sessions/${sessionId}/polls/${poll.pollId}/close`, {}, presenterToken);
    for (const socket of sockets) await socket.waitFor((ms) => ms.some((m) => m.event === 'poll:closed'));
    for (const socket of sockets) {
      expect(socket.room().filter((m) => m.event === 'vote:accepted')).toHaveLength(1);
      expect(socket.room().find((m) => m.event === 'poll:closed')?.payload).toMatchObject({ finalVoteCount: 1 });
    }
  });
});
