/** One client connection of a stack, as a client process drives it. */
export interface ClientConnection {
  /** Cuts the connection abruptly (the server must treat it as a loss, not a goodbye). */
  drop(): Promise<void>;
  /** Reconnects, asking for everything after `lastSeq`; resolves once open (events may still be arriving). */
  resume(lastSeq: number): Promise<{ recovered: boolean }>;
  close(): void;
}

export interface OpenOptions {
  url: string;
  /** Global connection index (identity, token). */
  index: number;
  /** Called for every `vote:accepted` room event, with its seq, in the handler the app would use. */
  onEvent(seq: number): void;
  /** Called when the client received the session's state at `seq` instead of the events up to it. */
  onState?(seq: number): void;
}

/** Opens one connection; resolves when it is in the room. */
export type ClientDriver = (options: OpenOptions) => Promise<ClientConnection>;
