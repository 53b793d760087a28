/** A server's text frame, whole: the frame header and the UTF-8 payload, in one buffer. */
export interface EncodedTextFrame {
  /** The bytes a socket writes: FIN, opcode 1 (text), no mask (RFC 6455 §5.2: servers never mask), the length. */
  frame: Buffer;
  /** The UTF-8 payload alone: a view of `frame`, for a socket that must go through `ws` (an extension). */
  payload: Buffer;
}

const FIN_TEXT = 0x81;

/**
 * Frames a text message once, so that a broadcast writes the same bytes to every socket rather than having `ws`
 * build a header per socket (gorilla/websocket's `PreparedMessage`, uWebSockets' prepared messages).
 */
export function encodeTextFrame(text: string): EncodedTextFrame {
  const length = Buffer.byteLength(text, 'utf8');
  const headerLength = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = FIN_TEXT;
  if (headerLength === 2) frame[1] = length;
  else if (headerLength === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 0x1_0000_0000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(text, headerLength, 'utf8');
  return { frame, payload: frame.subarray(headerLength) };
}
