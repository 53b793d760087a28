import { encodeEnvelope } from '../../log/encode.js';
import type { LogEntryInput } from '../../log/types.js';

const EVENT_ID_MARK = '\u0001eventId\u0001';
const SEQ_MARK = Number.MAX_SAFE_INTEGER;

/**
 * A room envelope serialized once, split around its two values only Redis knows at append time:
 * `frame = head + eventId + middle + seq + tail`. The append script joins them, so the frame stored,
 * fanned out and replayed is byte-identical to `encodeEnvelope` with the real values.
 */
export interface FrameTemplate {
  head: string;
  middle: string;
  tail: string;
}

export function createFrameTemplate(sessionId: string, entry: LogEntryInput): FrameTemplate {
  const json = encodeEnvelope({ ...entry, sessionId, eventId: EVENT_ID_MARK, seq: SEQ_MARK });
  // Both marks come before any caller-controlled value except `event` (an enum), so the first hit is the field.
  const eventIdMark = JSON.stringify(EVENT_ID_MARK);
  const seqMark = `"seq":${SEQ_MARK}`;
  const a = json.indexOf(eventIdMark);
  const b = json.indexOf(seqMark, a);
  return {
    head: `${json.slice(0, a)}"`,
    middle: `"${json.slice(a + eventIdMark.length, b)}"seq":`,
    tail: json.slice(b + seqMark.length),
  };
}

/** Joins a template with its assigned values (what the append script stores); `prev` follows `seq` when present. */
export const fillFrameTemplate = (template: FrameTemplate, eventId: string, seq: number, prev?: number): string =>
  `${template.head}${eventId}${template.middle}${seq}${prev === undefined ? '' : `,"prev":${prev}`}${template.tail}`;
