import type { AudienceStackName } from './protocol.js';

/** How each stack of the audience scenario is deployed. */
export interface AudienceStack {
  name: AudienceStackName;
  /** Server processes (nodes); participants and joins are spread over them. */
  nodes: number;
  /** Client process entry (`entries/<name>.ts`). */
  clientEntry: 'client-pollwire' | 'client-socket-io';
}

export const AUDIENCE_STACKS: Record<AudienceStackName, AudienceStack> = {
  pollwire: { name: 'pollwire', nodes: 1, clientEntry: 'client-pollwire' },
  'pollwire+redis': { name: 'pollwire+redis', nodes: 2, clientEntry: 'client-pollwire' },
  'socket.io': { name: 'socket.io', nodes: 1, clientEntry: 'client-socket-io' },
};
