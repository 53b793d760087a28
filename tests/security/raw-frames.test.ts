import { CLOSE_CODES } from '@pollwire/contracts';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { DEFAULT_MAX_PAYLOAD } from '@pollwire/server-kit';
import { openRecorder } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, type TestSession } from '../support/api.js';
import { openRawWebSocket, type RawFrame } from '../support/raw-websocket.js';
import { reportFigures } from '../support/report.js';

let server: ReferenceServer;
let session: TestSession;
let port: number;

beforeAll(async () => {
  server = await startReferenceServer({ port: 0 });
  port = Number(new URL(server.httpUrl).port);
  session = await createTestSession(server.httpUrl);
});
afterAll(() => server.close());

const path = () => `/ws?token=${encodeURIComponent(session.presenterToken)}`;
const heartbeat = Buffer.from(
  JSON.stringify({ event: 'connection:heartbeat', payload: { timestamp: new Date().toISOString() } }),
);

const cases: { name: string; frame: () => RawFrame; code: number }[] = [
  {
    name: `a text frame of maxPayload + 1 (${DEFAULT_MAX_PAYLOAD + 1} B)`,
    frame: () => ({ payload: Buffer.alloc(DEFAULT_MAX_PAYLOAD + 1, 0x61) }),
    code: CLOSE_CODES.messageTooBig,
  },
  {
    name: 'a text frame with invalid UTF-8',
    frame: () => ({ payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }),
    code: 1007,
  },
  { name: 'an unmasked client frame', frame: () => ({ payload: heartbeat, mask: false }), code: 1002 },
  {
    name: 'a frame with RSV1 set (no extension negotiated)',
    frame: () => ({ payload: heartbeat, rsv: 0b100 }),
    code: 1002,
  },
  { name: 'a frame with RSV2+RSV3 set', frame: () => ({ payload: heartbeat, rsv: 0b011 }), code: 1002 },
  { name: 'a reserved opcode (0x3)', frame: () => ({ payload: heartbeat, opcode: 0x3 }), code: 1002 },
  {
    name: 'a fragmented control frame (ping without FIN)',
    frame: () => ({ payload: Buffer.from('x'), opcode: 0x9, fin: false }),
    code: 1002,
  },
];

describe('raw WebSocket frames written to a hand-upgraded TCP socket', () => {
  it.each(cases)('$name → close $code, and the server keeps serving others', async ({ frame, code }) => {
    const bystander = await openRecorder(`${server.wsUrl}?token=${encodeURIComponent(session.presenterToken)}`);
    const raw = await openRawWebSocket(port, path());
    raw.write(frame());
    expect(await raw.closeCode).toBe(code);
    raw.destroy();
    // The server survived and still broadcasts to the other connection.
    const from = bystander.messages.length;
    const poll = await session.createChoicePoll('after raw frame');
    await bystander.next((m) => m.event === 'poll:created' && m.payload.pollId === poll.pollId, from);
    await bystander.close();
  });

  it('a frame of exactly maxPayload is accepted (answered, not closed)', async () => {
    const raw = await openRawWebSocket(port, path());
    const body = JSON.stringify({ event: 'connection:heartbeat', payload: { timestamp: 'x' } });
    const padded = Buffer.from(body + ' '.repeat(DEFAULT_MAX_PAYLOAD - Buffer.byteLength(body)));
    expect(padded.length).toBe(DEFAULT_MAX_PAYLOAD);
    raw.write({ payload: padded });
    const deadline = Date.now() + 5000;
    while (!raw.texts.some((t) => t.includes('"error:general"')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const error = raw.texts
      .map((t) => JSON.parse(t) as { event: string; payload: { errorCode?: string } })
      .find((m) => m.event === 'error:general');
    expect(error?.payload.errorCode).toBe('invalid_message');
    raw.destroy();
    reportFigures('raw-frames', { cases: cases.length + 1, maxPayload: DEFAULT_MAX_PAYLOAD });
  });
});
