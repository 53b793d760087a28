import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { encodeTextFrame } from './text-frame.js';

/** `ws`'s frame parser, which `@types/ws` does not declare. */
interface FrameReceiver {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  write(chunk: Buffer): void;
}
const { Receiver } = ws as unknown as { Receiver: new (options: { isServer: boolean }) => FrameReceiver };

/** Reads frames as a `ws` client does. */
function receive(frame: Buffer): { text: string; isBinary: boolean }[] {
  const receiver = new Receiver({ isServer: false });
  const messages: { text: string; isBinary: boolean }[] = [];
  receiver.on('message', (data, isBinary) => messages.push({ text: data.toString(), isBinary }));
  receiver.on('error', (error) => {
    throw error;
  });
  receiver.write(frame);
  return messages;
}

describe('encodeTextFrame', () => {
  // Each length form of RFC 6455 §5.2, at its bounds, with multi-byte characters counted as bytes.
  it.each([
    ['empty', ''],
    ['125 bytes, the longest one-byte length', 'a'.repeat(123) + 'é'],
    ['126 bytes, the shortest 16-bit length', 'a'.repeat(124) + 'é'],
    ['65,535 bytes, the longest 16-bit length', '✓'.repeat(21_845)],
    ['65,536 bytes, the shortest 64-bit length', '✓'.repeat(21_845) + 'a'],
    ['a megabyte', 'x'.repeat(1 << 20)],
  ])('frames a %s text message that a ws client reads back whole', (_, text) => {
    const { frame } = encodeTextFrame(text);
    expect(receive(frame)).toEqual([{ text, isBinary: false }]);
  });

  it('writes FIN and the text opcode, no mask, and the payload as UTF-8 after the header', () => {
    const text = JSON.stringify({ event: 'vote:accepted', note: 'naïve ✓' });
    const { frame, payload } = encodeTextFrame(text);
    expect(frame[0]).toBe(0x81);
    expect(frame[1]).toBe(Buffer.byteLength(text));
    expect(payload.toString('utf8')).toBe(text);
    expect(frame.subarray(2).equals(payload)).toBe(true);
    expect(payload.buffer).toBe(frame.buffer);
  });

  it('frames several messages that read back in order when written back to back', () => {
    const texts = ['first', 'x'.repeat(300), 'third ✓'];
    expect(receive(Buffer.concat(texts.map((text) => encodeTextFrame(text).frame)))).toEqual(
      texts.map((text) => ({ text, isBinary: false })),
    );
  });
});
