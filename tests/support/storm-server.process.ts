// A reference server in its own process, so a storm's clients and its server use both cores.
// Prints `{ httpUrl, wsUrl }` as one JSON line, then answers IPC requests `{ id, op, ... }` with `{ id, result }`.
import { randomUUID } from 'node:crypto';
import { CLOSE_CODES } from '@pollwire/contracts';
import { startReferenceServer } from '@pollwire/reference-server';
import { buildVoteAcceptedBroadcast } from '@pollwire/server-kit';

const server = await startReferenceServer({ port: 0, maxEventsPerSession: 100_000 });
const { hub } = server;

interface Request {
  id: number;
  op: 'produce' | 'kick' | 'head' | 'memory';
  sessionId: string;
  pollId?: string;
  optionIds?: [string, string];
  count?: number;
  perSecond?: number;
}

let produced = 0;
/** Broadcasts `count` vote aggregates at `perSecond`, catching up on delayed ticks; resolves with the real rate. */
async function produce({ sessionId, pollId, optionIds, count = 0, perSecond = 500 }: Request) {
  const [optionId, otherId] = optionIds!;
  const started = performance.now();
  let sent = 0;
  const pending: Promise<unknown>[] = [];
  while (sent < count) {
    const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * perSecond) + 1);
    for (; sent < due; sent++) {
      produced += 1;
      const aggregates = {
        voteId: randomUUID(),
        pollId: pollId!,
        submittedAt: new Date().toISOString(),
        currentVoteCount: produced,
        voteBreakdown: [
          { optionId, voteCount: produced, percentage: 100 },
          { optionId: otherId, voteCount: 0, percentage: 0 },
        ],
      };
      pending.push(hub.broadcast(sessionId, 'vote:accepted', buildVoteAcceptedBroadcast(aggregates)));
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(pending);
  return { count, seconds: (performance.now() - started) / 1000 };
}

process.on('message', (raw) => {
  const request = raw as Request;
  const answer = async () => {
    switch (request.op) {
      case 'produce':
        return produce(request);
      case 'kick':
        hub.closeSession(request.sessionId, CLOSE_CODES.goingAway, 'kick');
        return { connections: hub.connectionCount(request.sessionId) };
      case 'head':
        return hub.log.head(request.sessionId);
      case 'memory':
        return process.memoryUsage();
    }
  };
  void answer().then((result) => process.send?.({ id: request.id, result }));
});
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
console.log(JSON.stringify({ httpUrl: server.httpUrl, wsUrl: server.wsUrl }));
