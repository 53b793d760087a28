import type { CpuSample } from '../clock.js';

/** The stacks the audience scenario runs. */
export type AudienceStackName = 'pollwire' | 'pollwire+redis' | 'socket.io';

/** What a server process is started with (argv[2], JSON). */
export interface AudienceServerConfig {
  stack: AudienceStackName;
  /** This node's index in a cluster (0 for one node). */
  node: number;
  /** Redis key prefix and token secret the nodes of a cluster share. */
  redisPrefix?: string;
  tokenSecret?: string;
}

/** Where a node listens. */
export interface AudienceNode {
  /** `http://127.0.0.1:port` (Pollwire's join API). */
  httpUrl: string;
  /** `ws://127.0.0.1:port/ws` for Pollwire, `http://127.0.0.1:port` for Socket.IO. */
  wsUrl: string;
}

/** The session the audience joins (Pollwire); Socket.IO has one room and needs none of it. */
export interface AudienceSession {
  sessionId: string;
  slug: string;
  presenterToken: string;
}

export interface OpenedPoll {
  pollId: string;
  optionIds: string[];
}

export interface ServerFigures {
  cpu: CpuSample;
  /** Peak resident set size of the process so far (`resourceUsage().maxRSS`), bytes. */
  peakRssBytes: number;
  /** Votes this node accepted. */
  acceptedVotes: number;
  /** When this node accepted its last vote (monotonic ms), NaN before any. */
  lastVoteAt: number;
}

/** Methods an audience server process answers. */
export type AudienceServerMethods = {
  /** Creates and starts the session (node 0 of Pollwire; a no-op elsewhere). */
  prepare: [undefined, AudienceSession | null];
  /** Creates and activates a 4-option multiple-choice poll. */
  openPoll: [undefined, OpenedPoll];
  /** Closes it; the count the server closed it with. */
  closePoll: [{ pollId: string }, { finalVoteCount: number }];
  figures: [undefined, ServerFigures];
  close: [undefined, undefined];
};

export type AudienceServerOutNotices = {
  ready: AudienceNode;
};

/** One process' share of the audience. */
export interface JoinParams {
  nodes: AudienceNode[];
  session: AudienceSession | null;
  /** Global index of this process' first participant (identities; node = index % nodes). */
  firstIndex: number;
  count: number;
  /** How many of them are real client instances (the first ones); the rest are raw sockets. */
  real: number;
  /** Joins start evenly spread over this window. */
  durationMs: number;
}

export interface VoteParams {
  poll: OpenedPoll;
  /** Each participant votes once at a random time within this window. */
  durationMs: number;
  seed: number;
}

/** What every participant of a process holds now. */
export interface HoldingResult {
  /** Participants whose count for the poll equals `count`. */
  holding: number;
  /** Participants that hold the poll as closed. */
  closed: number;
}

/** Per-participant records of one client process, index = participant. */
export interface ParticipantRecords {
  /** Join request to live state (ms), NaN if never live. */
  joinMs: Float64Array;
  framesJoin: Uint32Array;
  bytesJoin: Float64Array;
  framesVote: Uint32Array;
  bytesVote: Float64Array;
  /** When the held count last changed (monotonic ms). */
  countChangedAt: Float64Array;
  /** The poll's vote count the participant holds. */
  heldCount: Uint32Array;
  /** The participant count the participant holds. */
  heldParticipants: Uint32Array;
  /** Confirmations of its vote (1 is right), and rejections. */
  confirmations: Uint8Array;
  rejections: Uint8Array;
  /** Room events it saw out of order: a gap, or one it already had. */
  gaps: Uint32Array;
  duplicates: Uint32Array;
}

/** The presenter's view: exact attendance. */
export interface PresenterFigures {
  frames: number;
  /** `participant:joined` events received live. */
  joinedEvents: number;
  /** Attendance (participants present) in its state. */
  attendance: number;
}

/** How a process' real clients compare with the server's state. */
export interface StateComparison {
  compared: number;
  equal: number;
  /** The first difference found, for the report. */
  firstDifference: string | null;
}

/** Methods an audience client process answers. */
export type AudienceClientMethods = {
  /** Connects one presenter (a real client) and resolves once it holds the state: before anyone joins. */
  presenter: [{ nodes: AudienceNode[]; session: AudienceSession }, undefined];
  join: [JoinParams, { live: number }];
  /** Frames received from now on count to the vote phase. */
  votePhase: [undefined, undefined];
  vote: [VoteParams, { confirmed: number; rejected: number }];
  holding: [{ pollId: string; count: number }, HoldingResult];
  collect: [undefined, { records: ParticipantRecords; presenter: PresenterFigures | null; cpu: CpuSample }];
  /**
   * Compares each real client's state with the server's: `truth` given, or read here by connecting a fresh presenter
   * (Pollwire); the server's vote count for Socket.IO.
   */
  compare: [
    { pollId: string; truth: string | null; finalVoteCount: number },
    StateComparison & { truth: string | null },
  ];
  close: [undefined, undefined];
};

export type AudienceClientOutNotices = {
  progress: { live: number; voted: number };
};
