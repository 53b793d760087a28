import type { EventName } from './catalog.js';
import { type ParseResult, decode, describeEvent, fail, isRecord } from './parse-result.js';
import type { ClientMessage, ServerMessage } from './types.js';

/** What a validation engine (Zod, or the generated lean validators) provides per event. */
export interface ParserEngine<Check> {
  /** Envelope checks of each event, by scope. */
  readonly checks: Readonly<Record<string, { room?: Check; unicast?: Check; toServer?: Check }>>;
  /**
   * Runs one check; `invalid_message` results carry the issues. `owned`: the frame was decoded here from JSON
   * text, so the message may reuse it rather than copy it.
   */
  validate<T>(check: Check, frame: Record<string, unknown>, owned: boolean): ParseResult<T>;
}

export interface Parsers {
  parseServerMessage(data: unknown): ParseResult<ServerMessage>;
  parseServerFrame(data: unknown): ParseResult<ServerMessage>[];
  parseClientMessage(data: unknown): ParseResult<ClientMessage>;
}

interface KnownEvent<Check> {
  readonly name: EventName;
  readonly scopes: { readonly room?: Check; readonly unicast?: Check; readonly toServer?: Check };
}

/** The envelope dispatch shared by both engines: decode, find the event, pick the scope, validate. */
export function createParsers<Check>({ checks, validate }: ParserEngine<Check>): Parsers {
  // Events by name length. A frame's name is a fresh string from JSON.parse; handing on the catalog's own (interned)
  // string lets every later lookup by name (handlers, the reducer's switch) skip hashing and comparing it. Each entry
  // carries its checks: looking them up by name would be a keyed load that sees every event name (megamorphic).
  const eventsByLength: KnownEvent<Check>[][] = [];
  for (const [name, scopes] of Object.entries(checks) as [EventName, KnownEvent<Check>['scopes']][]) {
    eventsByLength[name.length] = [...(eventsByLength[name.length] ?? []), { name, scopes }];
  }

  const knownEvent = (frame: Record<string, unknown>): KnownEvent<Check> | undefined => {
    const { event } = frame;
    if (typeof event !== 'string') return undefined;
    const candidates = eventsByLength[event.length];
    if (candidates !== undefined) for (const known of candidates) if (known.name === event) return known;
    return undefined;
  };

  /** The check of an event for a frame from servers (room or unicast, by `seq`) or from clients. */
  const checkOf = (
    { scopes }: KnownEvent<Check>,
    frame: Record<string, unknown>,
    fromServer: boolean,
  ): Check | undefined => {
    if (!fromServer) return scopes.toServer;
    return frame.seq !== undefined ? (scopes.room ?? scopes.unicast) : (scopes.unicast ?? scopes.room);
  };

  const parseEnvelope = <T>(value: unknown, owned: boolean, fromServer: boolean): ParseResult<T> => {
    if (!isRecord(value)) return fail('not_an_object', 'frame must be a JSON object');
    const known = knownEvent(value);
    if (!known) return fail('unknown_event', `unknown event ${describeEvent(value.event)}`, value);
    const { name } = known;
    const check = checkOf(known, value, fromServer);
    if (check === undefined) {
      return fail('wrong_direction', `${name} is not sent by ${fromServer ? 'servers' : 'clients'}`, value);
    }
    if (owned) value.event = name;
    return validate<T>(check, value, owned);
  };

  const parseServerEnvelope = (value: unknown, owned: boolean): ParseResult<ServerMessage> =>
    parseEnvelope<ServerMessage>(value, owned, true);

  return {
    parseServerMessage(data) {
      const decoded = decode(data);
      return decoded.ok ? parseServerEnvelope(decoded.message, typeof data === 'string') : decoded;
    },
    parseServerFrame(data) {
      const decoded = decode(data);
      if (!decoded.ok) return [decoded];
      const owned = typeof data === 'string';
      return Array.isArray(decoded.message)
        ? decoded.message.map((value) => parseServerEnvelope(value, owned))
        : [parseServerEnvelope(decoded.message, owned)];
    },
    parseClientMessage(data) {
      const decoded = decode(data);
      if (!decoded.ok) return decoded;
      return parseEnvelope<ClientMessage>(decoded.message, typeof data === 'string', false);
    },
  };
}
