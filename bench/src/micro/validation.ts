import { checkServerPayload, eventCatalog, parseClientMessage as parseClientMessageZod } from '@pollwire/contracts';
import { parseClientMessage } from '@pollwire/contracts/client';
import { voteAcceptedEnvelope, voteSubmittedFrame } from '../fixtures/vote-accepted.js';
import { type Spread, spread } from '../stats/repetitions.js';

export interface ValidationOptions {
  /** Timed iterations per repetition. @default 20_000 */
  iterations?: number;
  /** @default 5 */
  repetitions?: number;
}

export const DEFAULT_VALIDATION_ITERATIONS = 20_000;
export const DEFAULT_VALIDATION_REPETITIONS = 5;

export interface ValidationFigures {
  /** What server-kit does with a `vote:submitted` frame as received (JSON text: parse + lean validation). */
  inboundVoteSubmittedNs: Spread | null;
  /** The same on an already-decoded object (validation alone). */
  inboundVoteSubmittedObjectNs: Spread | null;
  /** The Zod parser on the JSON text, which server-kit runs only to word the error of an invalid frame. */
  inboundVoteSubmittedZodNs: Spread | null;
  /** What server-kit checks before a `vote:accepted` broadcast: its room payload, with the lean validators. */
  outboundVoteAcceptedNs: Spread | null;
  /** The same payload through the contract's Zod schema, which server-kit runs only to describe a failure. */
  outboundVoteAcceptedZodNs: Spread | null;
  /** `JSON.stringify` of that broadcast, for scale (the serialize-once cost). */
  outboundStringifyNs: Spread | null;
  frameBytes: { voteSubmitted: number; voteAccepted: number };
  iterations: number;
}

function nsPerOp(iterations: number, op: (i: number) => unknown): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) if (op(i)) sink++;
  const ns = Number(process.hrtime.bigint() - start);
  if (sink < 0) throw new Error('unreachable');
  return ns / iterations;
}

/** Nanoseconds per event of the contract validation a server does on each inbound vote and outbound broadcast. */
export function measureValidation(options: ValidationOptions = {}): ValidationFigures {
  const iterations = options.iterations ?? DEFAULT_VALIDATION_ITERATIONS;
  const repetitions = options.repetitions ?? DEFAULT_VALIDATION_REPETITIONS;
  const inbound = Array.from({ length: 64 }, (_, i) => voteSubmittedFrame(i));
  const inboundText = inbound.map((f) => JSON.stringify(f));
  const outbound = Array.from({ length: 64 }, (_, i) => voteAcceptedEnvelope(i + 1));
  const payloads = outbound.map((envelope) => envelope.payload);
  const roomSchema = eventCatalog['vote:accepted'].scopes.room;
  const ops = {
    inboundVoteSubmittedNs: (i: number) => parseClientMessage(inboundText[i & 63]).ok,
    inboundVoteSubmittedObjectNs: (i: number) => parseClientMessage(inbound[i & 63]).ok,
    inboundVoteSubmittedZodNs: (i: number) => parseClientMessageZod(inboundText[i & 63]).ok,
    outboundVoteAcceptedNs: (i: number) => checkServerPayload('vote:accepted', 'room', payloads[i & 63]).ok,
    outboundVoteAcceptedZodNs: (i: number) => roomSchema.safeParse(payloads[i & 63]).success,
    outboundStringifyNs: (i: number) => JSON.stringify(outbound[i & 63]).length,
  };
  const samples: Record<keyof typeof ops, number[]> = {
    inboundVoteSubmittedNs: [],
    inboundVoteSubmittedObjectNs: [],
    inboundVoteSubmittedZodNs: [],
    outboundVoteAcceptedNs: [],
    outboundVoteAcceptedZodNs: [],
    outboundStringifyNs: [],
  };
  for (const op of Object.values(ops)) if (!op(0)) throw new Error('validation fixture does not pass its schema');
  for (const op of Object.values(ops)) nsPerOp(Math.min(iterations, 5_000), op); // warm up the JIT
  for (let r = 0; r < repetitions; r++) {
    for (const [name, op] of Object.entries(ops)) samples[name as keyof typeof ops].push(nsPerOp(iterations, op));
  }
  return {
    inboundVoteSubmittedNs: spread(samples.inboundVoteSubmittedNs),
    inboundVoteSubmittedObjectNs: spread(samples.inboundVoteSubmittedObjectNs),
    inboundVoteSubmittedZodNs: spread(samples.inboundVoteSubmittedZodNs),
    outboundVoteAcceptedNs: spread(samples.outboundVoteAcceptedNs),
    outboundVoteAcceptedZodNs: spread(samples.outboundVoteAcceptedZodNs),
    outboundStringifyNs: spread(samples.outboundStringifyNs),
    frameBytes: { voteSubmitted: inboundText[0]!.length, voteAccepted: JSON.stringify(payloads[0]).length },
    iterations,
  };
}
