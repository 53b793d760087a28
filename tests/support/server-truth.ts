import { parseServerFrame, roomAudience, type ServerMessage } from '@pollwire/contracts';
import { initialPollwireState, type PollwireState, reducePollwireState } from '@pollwire/client';
import type { ReplayLog } from '@pollwire/server-kit';

/** Every room event the server's log holds for a session, contract-parsed, in seq order. */
export async function loggedMessages(log: ReplayLog, sessionId: string): Promise<ServerMessage[]> {
  const history = await log.history(sessionId);
  return history.frames.flatMap((frame) =>
    parseServerFrame(frame).flatMap((result) => (result.ok ? [result.message] : [])),
  );
}

/** The state a client must end in: the server's room log reduced with the client's own reducer. */
export async function serverState(log: ReplayLog, sessionId: string): Promise<PollwireState> {
  return (await loggedMessages(log, sessionId)).reduce(reducePollwireState, initialPollwireState);
}

/** The seqs of the presenters-only events (attendance) the log holds for a session: participants never get them. */
export async function presentersOnlySeqs(log: ReplayLog, sessionId: string): Promise<Set<number>> {
  const messages = await loggedMessages(log, sessionId);
  return new Set(
    messages.flatMap((m) => (m.seq !== undefined && roomAudience(m.event) === 'presenters' ? [m.seq] : [])),
  );
}
