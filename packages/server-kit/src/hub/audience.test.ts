import type { RoomMessage } from '@pollwire/contracts';
import { describe, expect, it } from 'vitest';
import { recordingSocket } from '../../test/support/recording-socket.js';
import { createPollwire } from '../pollwire.js';

const roomOf = (socket: ReturnType<typeof recordingSocket>) =>
  socket.messages.filter((m): m is RoomMessage => m.seq !== undefined);

describe('room audiences', () => {
  it('sends attendance to presenters only, the count to participants at a bounded rate, and prev across the gap', async () => {
    const pollwire = createPollwire({ heartbeatIntervalMs: 600_000, participantCountIntervalMs: 200 });
    const { hub, service } = pollwire;
    const { sessionId } = await service.createSession({ title: 'Audiences' });
    const presenter = recordingSocket();
    await hub.connect(presenter, { sessionId, role: 'presenter' }).ready;
    const ann = await service.joinSession(sessionId, { displayName: 'Ann' });
    const participant = recordingSocket();
    await hub.connect(participant, { sessionId, role: 'participant', participantId: ann.participantId }).ready;
    expect(participant.messages[0]).toMatchObject({ payload: { role: 'participant' } });

    // A join storm: 30 more participants within one interval.
    const people = await Promise.all(Array.from({ length: 30 }, () => service.joinSession(sessionId, {})));
    await Promise.all(
      people.map(
        (p) => hub.connect(recordingSocket(), { sessionId, role: 'participant', participantId: p.participantId }).ready,
      ),
    );
    const deadline = Date.now() + 5000;
    const counted = () => roomOf(participant).filter((m) => m.event === 'participant:counted');
    while (counted().at(-1)?.payload.participantCount !== 31) {
      if (Date.now() > deadline) throw new Error(`counts seen: ${counted().map((m) => m.payload.participantCount)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await service.createPoll(sessionId, { question: 'After the storm?', pollType: 'open_text' });
    while (!roomOf(participant).some((m) => m.event === 'poll:created')) await new Promise((r) => setTimeout(r, 5));

    const joins = roomOf(presenter).filter((m) => m.event === 'participant:joined');
    expect(joins).toHaveLength(31);
    // The participant got no one's attendance, and the count a few times, not once per join.
    const seen = roomOf(participant);
    expect(seen.some((m) => m.event === 'participant:joined' || m.event === 'participant:disconnected')).toBe(false);
    expect(counted().length).toBeLessThanOrEqual(3);
    // Every event it got names the previous one it was due: no false gap, none missing.
    let last = (participant.messages[1]!.payload as { seq: number }).seq;
    for (const [i, message] of seen.entries()) {
      // The first after the state may point before it (the state's seq can be a presenters-only event).
      if (i === 0) expect(message.prev ?? message.seq - 1).toBeLessThanOrEqual(last);
      else expect(message.prev ?? message.seq - 1).toBe(last);
      last = message.seq;
    }
    expect(seen.some((m) => m.prev !== undefined)).toBe(true);
    // Presenters get every seq, contiguous.
    const seqs = roomOf(presenter).map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    await pollwire.close();
  });
});
