import { ERROR_CODES } from '@pollwire/contracts/client';
import { describe, expect, it } from 'vitest';
import { decodeInbound } from './inbound.js';

const POLL = '0b7e4f21-9c3a-4d8b-a1e2-f3c4d5e6a7b8';
const OPTION = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const PARTICIPANT = 'e5f6a7b8-c9d0-4e1f-8a3b-4c5d6e7f8091';
const vote = (voteData: unknown) =>
  JSON.stringify({
    event: 'vote:submitted',
    requestId: 'r-1',
    payload: { pollId: POLL, participantId: PARTICIPANT, voteData, submittedAt: '2026-01-03T10:00:00.000Z' },
  });

describe('decodeInbound', () => {
  it('returns a valid client frame as its message', () => {
    const decoded = decodeInbound(vote({ selectedOptionIds: [OPTION] }), false);
    expect(decoded).toMatchObject({ ok: true, message: { event: 'vote:submitted', requestId: 'r-1' } });
  });

  it('words an invalid payload by the path and problem of its first issue, with the request id', () => {
    const decoded = decodeInbound(vote({ selectedOptionIds: ['not-a-uuid'] }), false);
    expect(decoded).toEqual({
      ok: false,
      errorCode: ERROR_CODES.invalidMessage,
      message: 'payload.voteData.selectedOptionIds.0: invalid uuid',
      eventName: 'vote:submitted',
      requestId: 'r-1',
    });
  });

  it('maps bad JSON, server events and binary frames to their error codes', () => {
    expect(decodeInbound('{', false)).toMatchObject({ ok: false, errorCode: ERROR_CODES.invalidJson });
    expect(decodeInbound(JSON.stringify({ event: 'poll:created', payload: {} }), false)).toMatchObject({
      ok: false,
      errorCode: ERROR_CODES.unknownEvent,
      eventName: 'poll:created',
    });
    expect(decodeInbound('{}', true)).toMatchObject({ ok: false, errorCode: ERROR_CODES.binaryNotSupported });
  });
});
