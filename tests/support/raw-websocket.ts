import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** One WebSocket frame to write by hand (RFC 6455 §5.2). */
export interface RawFrame {
  /** @default 0x1 (text) */
  opcode?: number;
  payload: Buffer;
  /** @default true */
  fin?: boolean;
  /** Client frames must be masked; `false` writes a protocol violation. @default true */
  mask?: boolean;
  /** RSV1..RSV3 as a 3-bit number (must be 0 without extensions). @default 0 */
  rsv?: number;
}

/** Encodes a frame exactly as given, including deliberate protocol violations. */
export function encodeFrame(frame: RawFrame): Buffer {
  const { payload, opcode = 0x1, fin = true, mask = true, rsv = 0 } = frame;
  const length = payload.length;
  const header: number[] = [(fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xf)];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126) header.push(maskBit | length);
  else if (length < 65_536) header.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    header.push(maskBit | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    header.push(...big);
  }
  if (!mask) return Buffer.concat([Buffer.from(header), payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i] = masked[i]! ^ key[i % 4]!;
  return Buffer.concat([Buffer.from(header), key, masked]);
}

/** A TCP socket upgraded by hand, reading server frames. */
export interface RawWebSocket {
  socket: Socket;
  write(frame: RawFrame): void;
  /** Resolves with the code of the server's close frame (or 1006 when the TCP connection ends without one). */
  closeCode: Promise<number>;
  /** Text frames received so far. */
  texts: string[];
  destroy(): void;
}

/**
 * Opens a TCP connection, performs the HTTP upgrade by hand and parses the server's frames.
 *
 * @example
 * const raw = await openRawWebSocket(port, `/ws?token=${token}`);
 * raw.write({ payload: Buffer.from([0xff]), opcode: 1 }); // invalid UTF-8
 * expect(await raw.closeCode).toBe(1007);
 */
export function openRawWebSocket(port: number, path: string): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const key = randomBytes(16).toString('base64');
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    const texts: string[] = [];
    let settleClose: (code: number) => void = () => {};
    const closeCode = new Promise<number>((done) => {
      settleClose = done;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (!upgraded) reject(new Error('connection closed before the upgrade'));
      settleClose(1006);
    });
    socket.once('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    const readFrames = () => {
      while (buffer.length >= 2) {
        const opcode = buffer[0]! & 0x0f;
        let length = buffer[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const payload = buffer.subarray(offset, offset + length);
        buffer = buffer.subarray(offset + length);
        if (opcode === 0x1) texts.push(payload.toString('utf8'));
        if (opcode === 0x8) settleClose(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        buffer = buffer.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
          return;
        }
        upgraded = true;
        resolve({
          socket,
          write: (frame) => socket.write(encodeFrame(frame)),
          closeCode,
          texts,
          destroy: () => socket.destroy(),
        });
      }
      readFrames();
    });
  });
}
