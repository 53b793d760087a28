import { usePollwireEvent } from '@pollwire/react';
import { useState } from 'react';

export interface Attendee {
  participantId: string;
  displayName?: string | undefined;
}

/**
 * Who is here, for a presenter: the attendance of the session's state (on connect, or after a rebuild), then each
 * arrival and departure. Participants never receive these events, only the count.
 */
export function useAttendance(): Attendee[] {
  const [people, setPeople] = useState<ReadonlyMap<string, Attendee>>(new Map());
  usePollwireEvent('session:synchronized', ({ attendance }) => {
    if (attendance) setPeople(new Map(attendance.map((a) => [a.participantId, a])));
  });
  usePollwireEvent('participant:joined', ({ participantId, displayName }) =>
    setPeople((current) => new Map(current).set(participantId, { participantId, displayName })),
  );
  usePollwireEvent('participant:disconnected', ({ participantId }) =>
    setPeople((current) => {
      const next = new Map(current);
      next.delete(participantId);
      return next;
    }),
  );
  return [...people.values()];
}
