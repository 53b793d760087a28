/** Length of the first complete WebSocket frame in `buffer` (header and payload), or `undefined` if incomplete. */
export function frameLength(buffer: Buffer): number | undefined {
  if (buffer.length < 2) return undefined;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  if (buffer[1]! & 0x80) offset += 4; // masking key
  return buffer.length >= offset + length ? offset + length : undefined;
}

/** Counts the server's WebSocket frames in a downstream byte stream, to cut after the `frames`-th one. */
export interface FrameCounter {
  /**
   * Takes the next downstream chunk. Returns how many of its bytes to forward before cutting, or `undefined`
   * to forward all of it (the budget is not reached yet).
   */
  feed(chunk: Buffer): number | undefined;
}

/**
 * A counter that skips the HTTP `101` response head, then counts whole frames across chunk boundaries.
 *
 * @example
 * const counter = createFrameCounter(1);
 * const cutAt = counter.feed(chunk); // bytes up to the end of the first frame, once it is complete
 */
export function createFrameCounter(frames: number): FrameCounter {
  let left = frames;
  let pending: Buffer = Buffer.alloc(0);
  let headDone = false;
  return {
    feed(chunk) {
      const before = pending.length;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let consumed = 0;
      if (!headDone) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return undefined;
        headDone = true;
        consumed = end + 4;
      }
      for (;;) {
        const length = frameLength(pending.subarray(consumed));
        if (length === undefined) break;
        consumed += length;
        left -= 1;
        if (left <= 0) return consumed - before;
      }
      pending = pending.subarray(consumed);
      return undefined;
    },
  };
}
