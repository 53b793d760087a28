import { describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../../log/encode.js';
import { createFrameTemplate, fillFrameTemplate } from './frame-template.js';

const sessionId = '6f1c8f34-4a8e-4a57-9d6c-2f0a3b1c9e11';

describe('frame template', () => {
  it('joins to exactly what encodeEnvelope gives with the real eventId and seq', () => {
    const entry = {
      event: 'session:created' as const,
      timestamp: '2026-01-03T10:00:00.000Z',
      requestId: 'req-"seq":9007199254740991',
      // Values that look like the markers must not confuse the split.
      payload: { title: '"seq":9007199254740991 \u0001eventId\u0001', nested: { seq: 1 } },
    };
    const template = createFrameTemplate(sessionId, entry);
    expect(fillFrameTemplate(template, 'ab12-42', 42)).toBe(
      encodeEnvelope({ ...entry, sessionId, eventId: 'ab12-42', seq: 42 }),
    );
  });

  it('works without a requestId', () => {
    const entry = { event: 'poll:closed' as const, timestamp: '2026-01-03T10:00:00.000Z', payload: {} };
    const frame = fillFrameTemplate(createFrameTemplate(sessionId, entry), 'e-1', 1);
    expect(JSON.parse(frame)).toEqual({ ...entry, sessionId, eventId: 'e-1', seq: 1 });
  });

  it('puts prev right after seq, as encodeEnvelope does', () => {
    const entry = { event: 'poll:closed' as const, timestamp: '2026-01-03T10:00:00.000Z', payload: {} };
    const frame = fillFrameTemplate(createFrameTemplate(sessionId, entry), 'e-9', 9, 6);
    expect(frame).toBe(encodeEnvelope({ ...entry, sessionId, eventId: 'e-9', seq: 9, prev: 6 }));
    expect(JSON.parse(frame)).toMatchObject({ seq: 9, prev: 6 });
  });
});
