import type { RoomAudience } from '../audience.js';
import type { EventName, PrivacyRule } from '../catalog.js';
import type { ScopeKey } from './shapes.js';

/** Rules the Zod schemas enforce that JSON Schema cannot express; stated in the generated descriptions. */
export const UNEXPRESSIBLE_RULES: Partial<Record<EventName, readonly string[]>> = {
  'poll:created': [
    'rating_scale: minRating must be less than maxRating.',
    'multiple_choice: optionId values must be unique within options.',
  ],
};

export const PRIVACY_TEXT: Record<PrivacyRule, string> = {
  none: 'carries no participant data',
  'aggregate-only': 'aggregates only: there is no field for a voter identity and unknown keys are rejected',
  'self-only': 'may name a participant and is only ever sent to that participant',
  attendance: 'names the participant whose attendance changed, never anything they voted',
  state:
    "the session's state for its receiver: aggregates only, the receiver's own votes only, attendance (names) to presenters only; strict objects, so no other participant's vote can ride along",
};

export const AUDIENCE_TEXT: Record<RoomAudience, string> = {
  everyone: 'every connection of the session',
  presenters:
    "the session's presenters only; participants never receive it, and the next event they do receive carries `prev`",
};

export const SCOPE_TEXT: Record<ScopeKey, string> = {
  room: 'room broadcast to every socket of the session; logged with a seq and replayed on resume',
  unicast: 'unicast to one connection; never logged or replayed',
  toServer: 'sent by a client to the server',
};
