/** participantId -> open connections of one session. */
export type Attendance = Map<string, number>;

/** Counts one more connection of a participant; `true` when it is the participant's first. */
export function attend(attendance: Attendance, participantId: string): boolean {
  const count = attendance.get(participantId) ?? 0;
  attendance.set(participantId, count + 1);
  return count === 0;
}

/** Counts one connection less; `true` when it was the participant's last. */
export function leave(attendance: Attendance, participantId: string): boolean {
  const count = attendance.get(participantId) ?? 0;
  if (count > 1) {
    attendance.set(participantId, count - 1);
    return false;
  }
  attendance.delete(participantId);
  return count === 1;
}
