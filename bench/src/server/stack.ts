/** Options every server stack receives from the harness (JSON in argv[2]). */
export interface StackOptions {
  /** Keep what a reconnecting client needs to catch up (log, recovery). */
  replay: boolean;
}

/** What the harness drives in a server process: one session room, one broadcast kind. */
export interface ServerStack {
  readonly port: number;
  /** Connections currently in the room. */
  connections(): number;
  /** The seq the next broadcast will carry. */
  nextSeq(): number | Promise<number>;
  /** Broadcasts the next `vote:accepted` to the room; returns its seq. */
  broadcast(): number | Promise<number>;
  close(): Promise<void>;
}

export type CreateServerStack = (options: StackOptions) => Promise<ServerStack>;
