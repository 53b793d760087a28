import type * as z from 'zod/mini';
import { EVENT_NAMES, type EventName, type EventScopes, type PrivacyRule, eventCatalog } from '../catalog.js';

export type ScopeKey = keyof EventScopes;

/** One wire shape of an event: events with several scopes (e.g. `vote:accepted`) have several shapes. */
export interface EventShape {
  readonly event: EventName;
  readonly scope: ScopeKey;
  /** `broadcast`, `confirmation`, `server` or `client`; empty when the event has a single shape. */
  readonly label: string;
  /** File stem of the shape's JSON Schema, e.g. `vote-accepted.broadcast`. */
  readonly stem: string;
  readonly schema: z.ZodMiniType;
  readonly privacy: PrivacyRule;
  /** The shape `index.json`'s `schema` points to: room, else unicast, else toServer. */
  readonly primary: boolean;
}

/** Scope order: which shape is primary, and the order shapes are listed in. */
export const SCOPE_ORDER: readonly ScopeKey[] = ['room', 'unicast', 'toServer'];

/** `vote:accepted` → `vote-accepted`. */
export const eventStem = (name: EventName): string => name.replace(':', '-');

// A unicast next to a room broadcast confirms it to one client; next to a client shape it is the server's side.
function shapeLabel(scopes: EventScopes, scope: ScopeKey): string {
  if (scope === 'room') return 'broadcast';
  if (scope === 'toServer') return 'client';
  return scopes.room !== undefined ? 'confirmation' : 'server';
}

/** Every shape of one event, primary first. */
export function shapesOf(event: EventName): EventShape[] {
  const scopes: EventScopes = eventCatalog[event].scopes;
  const privacy = eventCatalog[event].privacy as Partial<Record<ScopeKey, PrivacyRule>>;
  const present = SCOPE_ORDER.filter((scope) => scopes[scope] !== undefined);
  return present.map((scope, index) => {
    const label = present.length > 1 ? shapeLabel(scopes, scope) : '';
    return {
      event,
      scope,
      label,
      stem: label ? `${eventStem(event)}.${label}` : eventStem(event),
      schema: scopes[scope]!,
      privacy: privacy[scope] ?? 'none',
      primary: index === 0,
    };
  });
}

/** Every shape of every event, in catalog order. */
export const allShapes = (): EventShape[] => EVENT_NAMES.flatMap(shapesOf);
