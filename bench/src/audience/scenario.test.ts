import { describe, expect, it } from 'vitest';
import { audienceRow } from './rows.js';
import { emptyRun, runAudience } from './scenario.js';
import { audienceTargets } from './targets.js';

const small = { participants: 40, real: 10, joinMs: 1_000, voteMs: 1_000, deadlineMs: 90_000 } as const;

describe('the audience scenario', () => {
  it('runs a live poll on Pollwire: every vote counted once, every client holds the server state', async () => {
    const run = await runAudience({ stack: 'pollwire', ...small });
    expect(run.failure).toBeNull();
    const figures = run.figures!;
    expect(figures.live).toBe(40);
    expect(run.finalVoteCount).toBe(40);
    expect(run.acceptedVotes).toBe(40);
    expect([run.lostVotes, run.duplicatedVotes, figures.gaps, figures.duplicates]).toEqual([0, 0, 0, 0]);
    expect(figures.confirmed).toBe(40);
    expect(figures.heldFinal).toBe(40);
    expect(figures.heldParticipantCount).toBe(40);
    expect(run.comparison).toEqual({ compared: 10, equal: 10, firstDifference: null });
    // Each participant got at least its hello and the state on joining, and the poll's events after.
    expect(figures.framesJoin.max).toBeGreaterThanOrEqual(2);
    expect(figures.framesVote.max).toBeGreaterThanOrEqual(3);
    // The presenter saw every join.
    expect(run.presenter?.joinedEvents).toBe(40);
    expect(run.serverCpuS).toBeGreaterThan(0);
    expect(run.peakRssMiB).toBeGreaterThan(0);

    const row = audienceRow([run]);
    expect(row).toMatchObject({ repetitions: 1, live: 40, lostVotes: 0, duplicatedVotes: 0, statesDiffering: 0 });
    const faults = audienceTargets([row]).at(-1)!;
    expect(faults.met).toBe(true);
  }, 120_000);

  it('runs the same poll on Socket.IO, where each join and each vote reaches every participant', async () => {
    const run = await runAudience({ stack: 'socket.io', ...small });
    expect(run.failure).toBeNull();
    const figures = run.figures!;
    expect(run.finalVoteCount).toBe(40);
    expect(figures.heldFinal).toBe(40);
    expect(run.comparison).toMatchObject({ compared: 10, equal: 10 });
    // A results frame per vote: 40 in the vote phase for everyone, plus the poll's opening and closing.
    expect(figures.framesVote.p50).toBeGreaterThanOrEqual(40);
  }, 120_000);

  it('reports a run that lost participants as failed, and its faults against the targets', () => {
    const row = audienceRow([
      {
        ...emptyRun('pollwire', 10, 10, '2 of 10 participants never got the live state'),
        serverCpuS: 1,
        acceptedVotes: 8,
        finalVoteCount: 8,
        lostVotes: 2,
        duplicatedVotes: 0,
      },
    ]);
    expect(row.repetitions).toBe(0);
    expect(row.failures).toEqual(['2 of 10 participants never got the live state']);
    expect(audienceTargets([row]).at(-1)).toMatchObject({ met: false });
  });
});
