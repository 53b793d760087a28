import { parseServerFrame, type ServerMessage } from '@pollwire/contracts';

/** A hub socket that parses every frame it is sent (batches flattened); a frame the contract refuses throws. */
export const recordingSocket = () => {
  const messages: ServerMessage[] = [];
  return {
    messages,
    bufferedAmount: 0,
    send(data: string) {
      for (const result of parseServerFrame(data)) {
        if (!result.ok) throw new Error(`${result.error.event}: ${result.error.message}`);
        messages.push(result.message);
      }
    },
    close() {},
  };
};

/** A `vote:submitted` frame choosing one option, as a participant's client sends it. */
export const choiceVoteFrame = (pollId: string, participantId: string, optionId: string, requestId: string) =>
  JSON.stringify({
    event: 'vote:submitted',
    requestId,
    payload: {
      pollId,
      participantId,
      voteData: { selectedOptionIds: [optionId] },
      submittedAt: new Date().toISOString(),
    },
  });

/** Waits (bounded) until `socket` was answered to `requestId`; resolves with every answer it got. */
export async function answersTo(
  socket: ReturnType<typeof recordingSocket>,
  requestId: string,
  timeoutMs = 30_000,
): Promise<ServerMessage[]> {
  const deadline = Date.now() + timeoutMs;
  while (!socket.messages.some((m) => m.requestId === requestId)) {
    if (Date.now() > deadline) throw new Error(`no answer to ${requestId}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return socket.messages.filter((m) => m.requestId === requestId);
}
