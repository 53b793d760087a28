import { describe, expect, it } from 'vitest';
import { createFrameCounter, frameLength } from './websocket-frames.js';

const head = Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n');
/** An unmasked text frame with `size` payload bytes. */
const frame = (size: number) => {
  const header =
    size < 126
      ? Buffer.from([0x81, size])
      : size < 65536
        ? Buffer.from([0x81, 126, size >> 8, size & 0xff])
        : Buffer.concat([Buffer.from([0x81, 127]), Buffer.alloc(8)]);
  if (size >= 65536) header.writeBigUInt64BE(BigInt(size), 2);
  return Buffer.concat([header, Buffer.alloc(size, 0x61)]);
};

describe('frameLength', () => {
  it('measures short, 16-bit, 64-bit and masked frames, and reports incomplete ones', () => {
    expect(frameLength(frame(5))).toBe(7);
    expect(frameLength(frame(300))).toBe(304);
    expect(frameLength(frame(70_000))).toBe(70_010);
    expect(frameLength(Buffer.from([0x81, 0x82, 1, 2, 3, 4, 0x61, 0x62]))).toBe(8);
    expect(frameLength(frame(300).subarray(0, 100))).toBeUndefined();
    expect(frameLength(Buffer.from([0x81]))).toBeUndefined();
  });
});

describe('createFrameCounter', () => {
  it('cuts right after the n-th frame that follows the upgrade head', () => {
    const stream = Buffer.concat([head, frame(10), frame(200), frame(3)]);
    expect(createFrameCounter(2).feed(stream)).toBe(head.length + 12 + 204);
    expect(createFrameCounter(1).feed(stream)).toBe(head.length + 12);
  });

  it('counts frames split across chunks, the cut offset relative to the chunk that completes the frame', () => {
    const stream = Buffer.concat([head, frame(10), frame(200)]);
    const counter = createFrameCounter(2);
    const offsets: (number | undefined)[] = [];
    for (let i = 0; i < stream.length; i += 7) offsets.push(counter.feed(stream.subarray(i, i + 7)));
    const last = offsets.findIndex((o) => o !== undefined);
    expect(offsets.filter((o) => o !== undefined)).toHaveLength(1);
    expect(last * 7 + offsets[last]!).toBe(stream.length);
  });

  it('forwards everything while the budget is not reached', () => {
    const counter = createFrameCounter(3);
    expect(counter.feed(Buffer.concat([head, frame(1)]))).toBeUndefined();
    expect(counter.feed(frame(2))).toBeUndefined();
  });
});
