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
