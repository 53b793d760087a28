import { eventCatalog, type ServerMessage } from '@pollwire/contracts';

/** A participant whose identity must not leak: its id and display name (make names distinctive). */
export interface Identity {
  participantId: string;
  displayName: string;
}

/** What one socket received, and whose it is. */
export interface AuditedSocket {
  /** The participant the socket belongs to; `undefined` for a presenter. */
  owner: string | undefined;
  /** Every envelope the socket received (batches flattened). */
  messages: readonly ServerMessage[];
  /** The request ids of the votes sent through this socket. */
  sentRequestIds: ReadonlySet<string>;
}

/** Identity leaks by kind; every count must be 0. */
export interface LeakCounts {
  /** A participant id, or a `participantId`/`displayName` key, in a non-attendance room broadcast. */
  identity: number;
  /** A display name in a non-attendance room broadcast. */
  names: number;
  /** An attendance event naming anyone but its own participant, or carrying fields beyond attendance. */
  attendance: number;
  /** A unicast naming a participant other than the socket's owner. */
  unicast: number;
  /** A vote answer (`vote:accepted`/`vote:rejected` unicast) on a socket that did not send that vote request. */
  confirmations: number;
  /** A room broadcast echoing a vote's request id (it would link the aggregate to its submitter's socket). */
  linkage: number;
  /**
   * A state snapshot (`session:synchronized`) naming anyone outside its attendance, attendance sent to a participant,
   * or an attendee carrying more than attendance.
   */
  snapshot: number;
}

export interface IdentityAudit {
  leaks: LeakCounts;
  /** Sum of `leaks`. */
  total: number;
  roomFrames: number;
  attendance: number;
  unicasts: number;
  confirmations: number;
  /** State snapshots audited. */
  snapshots: number;
}

/** The expected audit outcome. */
export const NO_LEAKS: Readonly<LeakCounts> = {
  identity: 0,
  names: 0,
  attendance: 0,
  unicast: 0,
  confirmations: 0,
  linkage: 0,
  snapshot: 0,
};

/** The fields an attendee of a presenter's snapshot may carry. */
const ATTENDEE_FIELDS: ReadonlySet<string> = new Set(
  Object.keys(
    eventCatalog['session:synchronized'].scopes.unicast.def.shape.attendance.def.innerType.def.element.def.shape,
  ),
);

/** The fields an attendance event may carry, from the contract's (strict) payload schemas. */
const ATTENDANCE_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  'participant:joined': new Set(Object.keys(eventCatalog['participant:joined'].scopes.room.def.shape)),
  'participant:disconnected': new Set(Object.keys(eventCatalog['participant:disconnected'].scopes.room.def.shape)),
};

const VOTE_ANSWERS = new Set(['vote:accepted', 'vote:rejected']);

/**
 * Audits everything some sockets received for participant identities: room broadcasts (`seq`) other than
 * attendance name nobody; attendance names only its own participant; unicasts name only the socket's owner;
 * vote answers reach only the socket that sent the vote. Pure, so it can be checked against planted leaks.
 *
 * @example
 * const audit = auditIdentities(sockets, people);
 * expect(audit.leaks).toEqual(NO_LEAKS);
 */
export function auditIdentities(sockets: readonly AuditedSocket[], people: readonly Identity[]): IdentityAudit {
  const leaks: LeakCounts = { ...NO_LEAKS };
  const counts = { roomFrames: 0, attendance: 0, unicasts: 0, confirmations: 0, snapshots: 0 };
  const named = (json: string, except?: Identity) => ({
    ids: people.filter((p) => p !== except && json.includes(p.participantId)).length,
    names: people.filter((p) => p !== except && json.includes(p.displayName)).length,
  });
  for (const { owner, messages, sentRequestIds } of sockets) {
    const self = people.find((p) => p.participantId === owner);
    for (const message of messages) {
      const json = JSON.stringify(message);
      if (message.event === 'session:synchronized') {
        counts.snapshots += 1;
        const { attendance, ...rest } = message.payload;
        if (attendance !== undefined && owner !== undefined) leaks.snapshot += 1;
        for (const attendee of attendance ?? []) {
          if (Object.keys(attendee).some((key) => !ATTENDEE_FIELDS.has(key))) leaks.snapshot += 1;
        }
        const foreign = named(JSON.stringify(rest), self);
        leaks.snapshot += foreign.ids + foreign.names;
        if (JSON.stringify(rest).includes('"participantId"')) leaks.snapshot += 1;
        continue;
      }
      if (message.seq === undefined) {
        counts.unicasts += 1;
        const foreign = named(json, self);
        leaks.unicast += foreign.ids + foreign.names;
        if (VOTE_ANSWERS.has(message.event)) {
          counts.confirmations += 1;
          const { participantId } = message.payload as { participantId?: unknown };
          if (participantId !== owner) leaks.confirmations += 1;
          if (message.requestId === undefined || !sentRequestIds.has(message.requestId)) leaks.confirmations += 1;
        }
        continue;
      }
      counts.roomFrames += 1;
      if (message.requestId !== undefined && sockets.some((s) => s.sentRequestIds.has(message.requestId!))) {
        leaks.linkage += 1;
      }
      const allowed = ATTENDANCE_FIELDS[message.event];
      if (allowed) {
        counts.attendance += 1;
        const payload = message.payload as Record<string, unknown>;
        const subject = people.find((p) => p.participantId === payload.participantId);
        if (!subject || Object.keys(payload).some((key) => !allowed.has(key))) leaks.attendance += 1;
        if (payload.displayName !== undefined && payload.displayName !== subject?.displayName) leaks.attendance += 1;
        const foreign = named(json, subject);
        leaks.attendance += foreign.ids + foreign.names;
        continue;
      }
      const all = named(json);
      leaks.identity += all.ids;
      if (json.includes('"participantId"') || json.includes('"displayName"')) leaks.identity += 1;
      leaks.names += all.names;
    }
  }
  const total = Object.values(leaks).reduce((sum, n) => sum + n, 0);
  return { leaks, total, ...counts };
}
