import type { AudienceNode, AudienceSession, OpenedPoll } from '../protocol.js';
import type { Recorder } from './records.js';

/** What a participant is started with. */
export interface ParticipantContext {
  /** Index in this process' records. */
  index: number;
  /** Index over the whole audience (its identity). */
  globalIndex: number;
  node: AudienceNode;
  session: AudienceSession | null;
  recorder: Recorder;
}

/** One audience member of a stack: a real client instance or a raw socket speaking the stack's protocol. */
export interface AudienceParticipant {
  /** The poll opened: count its results from now on. */
  watch(poll: OpenedPoll): void;
  vote(poll: OpenedPoll, optionId: string): void;
  /** The room state a real client holds, as JSON, for the comparison with the server's (real clients only). */
  roomState?(): string;
  close(): void;
}

/** Joins (request, connect) and resolves once the participant holds the live state, recording `joinMs`. */
export type JoinParticipant = (context: ParticipantContext) => Promise<AudienceParticipant>;

/** How one stack's participants join, and the presenter's view where the stack has one. */
export interface AudienceDriver {
  real: JoinParticipant;
  raw: JoinParticipant;
  /** The session's state as the server gives a fresh presenter, as JSON (comparable with `roomState`). */
  serverState?(node: AudienceNode, session: AudienceSession): Promise<string>;
  presenter?(node: AudienceNode, session: AudienceSession): Promise<AudiencePresenter>;
}

export interface AudiencePresenter {
  figures(): { frames: number; joinedEvents: number; attendance: number };
  close(): void;
}
