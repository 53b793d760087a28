/** A parsed room-event cursor: `<epoch>-<seq>`. */
export interface Cursor {
  epoch: string;
  seq: number;
}

const CURSOR = /^([0-9a-z]{1,64})-(0|[1-9][0-9]{0,14})$/;

/** The eventId (and resume cursor) of a room event; `seq` 0 is a session's empty cursor. */
export const formatCursor = (epoch: string, seq: number): string => `${epoch}-${seq}`;

/** Parses a cursor; `undefined` when it is not one this server issues. */
export function parseCursor(value: string): Cursor | undefined {
  const match = CURSOR.exec(value);
  if (!match) return undefined;
  return { epoch: match[1]!, seq: Number(match[2]) };
}
