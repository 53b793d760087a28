import { randomUUID } from 'node:crypto';
import { connectRedis, deleteKeys, redisTestPrefix, requireRedis } from '@pollwire/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../../src/log/encode.js';
import type { LogEntryInput } from '../../src/log/types.js';
import { createRedisKeys } from '../../src/redis/keys.js';
import { createRedisStreamLog, type RedisStreamLogOptions } from '../../src/redis/log/stream-log.js';

const redisAvailable = await requireRedis();

const entry = (n: number): LogEntryInput => ({
  event: 'poll:closed',
  timestamp: new Date(1_700_000_000_000 + n).toISOString(),
  payload: { pollId: randomUUID(), sessionId: randomUUID(), closedAt: new Date().toISOString(), finalVoteCount: n },
});

describe.skipIf(!redisAvailable)('Redis stream replay log', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(name: string, overrides: Partial<RedisStreamLogOptions> = {}) {
    const prefix = redisTestPrefix(name);
    const client = await connectRedis();
    const log = createRedisStreamLog({ client, prefix, ...overrides });
    cleanups.push(async () => {
      await log.close();
      await deleteKeys(client, prefix);
      await client.close();
    });
    return { client, log, prefix };
  }

  it('assigns contiguous seqs and eventIds and stores the envelope serialized once', async () => {
    const { log } = await setup('append');
    const sessionId = randomUUID();
    const first = await log.append(sessionId, { ...entry(1), requestId: 'req-1' });
    const second = await log.append(sessionId, entry(2));
    const { epoch } = await log.head(sessionId);
    expect(epoch).toMatch(/^[0-9a-z]+$/);
    expect(first).toMatchObject({ seq: 1, eventId: `${epoch}-1` });
    expect(second).toMatchObject({ seq: 2, eventId: `${epoch}-2` });
    expect(first.frame).toBe(
      encodeEnvelope({
        ...entry(1),
        requestId: 'req-1',
        payload: JSON.parse(first.frame).payload,
        sessionId,
        seq: 1,
        eventId: `${epoch}-1`,
      }),
    );
    expect(JSON.parse(second.frame)).toMatchObject({ event: 'poll:closed', seq: 2, eventId: `${epoch}-2`, sessionId });
    const history = await log.history(sessionId);
    expect(history).toMatchObject({
      ok: true,
      complete: true,
      firstSeq: 1,
      lastSeq: 2,
      fromSeq: 1,
      cursor: `${epoch}-2`,
    });
    expect(history.frames).toEqual([first.frame, second.frame]);
  });

  it('gives an empty session a head with the empty cursor', async () => {
    const { log } = await setup('empty');
    const head = await log.head(randomUUID());
    expect(head).toEqual({ epoch: head.epoch, firstSeq: 1, lastSeq: 0, cursor: `${head.epoch}-0` });
    expect((await log.head(randomUUID())).epoch).not.toBe(head.epoch);
  });

  it('keeps seq contiguous under 2 x 500 concurrent appends from two clients', async () => {
    const { log: nodeA, prefix } = await setup('concurrent');
    const { log: nodeB } = await setup('concurrent-b', { prefix });
    const sessionId = randomUUID();
    const appended = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? nodeA : nodeB).append(sessionId, entry(i))),
    );
    const seqs = appended.map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    const history = await nodeA.history(sessionId);
    expect(history.frames).toHaveLength(1000);
    expect(history.frames.map((f) => JSON.parse(f).seq)).toEqual(seqs);
    const bySeq = new Map(appended.map((e) => [e.seq, e.frame]));
    expect(history.frames).toEqual(seqs.map((s) => bySeq.get(s)));
  });

  it('trims events older than the window with MINID and reports cursor_expired', async () => {
    const { log } = await setup('window', { windowMs: 300 });
    const sessionId = randomUUID();
    const old = [await log.append(sessionId, entry(1)), await log.append(sessionId, entry(2))];
    await new Promise((resolve) => setTimeout(resolve, 450));
    const fresh = await log.append(sessionId, entry(3));
    const history = await log.history(sessionId);
    expect(history).toMatchObject({ complete: false, firstSeq: 3, lastSeq: 3, fromSeq: 3 });
    expect(history.frames).toEqual([fresh.frame]);
    expect(await log.read(sessionId, old[0]!.eventId)).toMatchObject({
      ok: false,
      reason: 'cursor_expired',
      firstSeq: 3,
    });
    // The newest trimmed event is still a valid cursor: nothing after it is missing.
    expect(await log.read(sessionId, old[1]!.eventId)).toMatchObject({ ok: true, frames: [fresh.frame], fromSeq: 3 });
    await new Promise((resolve) => setTimeout(resolve, 450));
    // Reads trim too: an idle session's window still moves.
    expect(await log.history(sessionId)).toMatchObject({ frames: [], firstSeq: 4, lastSeq: 3, complete: false });
  });

  it('caps a stream at maxEventsPerSession', async () => {
    const { log } = await setup('maxlen', { maxEventsPerSession: 5 });
    const sessionId = randomUUID();
    for (let i = 1; i <= 8; i++) await log.append(sessionId, entry(i));
    expect(await log.history(sessionId)).toMatchObject({ firstSeq: 4, lastSeq: 8, complete: false });
  });

  it('answers every cursor outcome', async () => {
    const { log } = await setup('cursors', { pageSize: 3 });
    const sessionId = randomUUID();
    const events = [];
    for (let i = 1; i <= 10; i++) events.push(await log.append(sessionId, entry(i)));
    const { epoch } = await log.head(sessionId);
    const other = randomUUID();
    await log.append(other, entry(0));
    const otherCursor = (await log.head(other)).cursor;

    const replay = await log.read(sessionId, events[1]!.eventId);
    expect(replay).toMatchObject({ ok: true, fromSeq: 3, lastSeq: 10 });
    expect(replay.ok && replay.frames).toEqual(events.slice(2).map((e) => e.frame));
    expect(await log.read(sessionId, `${epoch}-0`)).toMatchObject({ ok: true, fromSeq: 1 });
    expect(await log.read(sessionId, `${epoch}-10`)).toMatchObject({ ok: true, frames: [], fromSeq: 11 });
    expect(await log.read(sessionId, `${epoch}-11`)).toMatchObject({ ok: false, reason: 'cursor_ahead', lastSeq: 10 });
    expect(await log.read(sessionId, otherCursor)).toMatchObject({ ok: false, reason: 'epoch_mismatch', epoch });
    for (const bad of ['', 'nope', `${epoch}-x`, `${epoch}-01`, `-${epoch}-3`]) {
      expect(await log.read(sessionId, bad)).toMatchObject({ ok: false, reason: 'cursor_invalid', lastSeq: 10 });
    }
  });

  it('starts a new epoch when Redis lost the log, so old cursors are epoch mismatches', async () => {
    const { log, client, prefix } = await setup('epoch');
    const sessionId = randomUUID();
    const before = await log.append(sessionId, entry(1));
    await log.append(sessionId, entry(2));
    await deleteKeys(client, prefix);
    const after = await log.append(sessionId, entry(3));
    expect(after.seq).toBe(1);
    expect(after.eventId).not.toBe(before.eventId);
    expect(await log.read(sessionId, before.eventId)).toMatchObject({
      ok: false,
      reason: 'epoch_mismatch',
      lastSeq: 1,
    });
  });

  it('after a Redis restart from an older copy, keeps old cursors up to the restored seq and refuses lost ones', async () => {
    const { log, client, prefix } = await setup('restart');
    const keys = createRedisKeys(prefix);
    const sessionId = randomUUID();
    const events = [];
    for (let i = 1; i <= 5; i++) events.push(await log.append(sessionId, entry(i)));
    // What a restart from an RDB snapshot taken before event 5 looks like: event 5 gone, another run_id.
    await client.xDel(keys.logStream(sessionId), '5-0');
    await client.sendCommand(['XSETID', keys.logStream(sessionId), '4-0']);
    await client.hSet(keys.logMeta(sessionId), { seq: '4', run: 'previous-run' });

    const next = await log.append(sessionId, entry(6));
    expect(next.seq).toBe(5);
    expect(next.eventId).not.toBe(events[4]!.eventId);
    expect((await log.head(sessionId)).cursor).toBe(next.eventId);
    expect(await log.read(sessionId, events[2]!.eventId)).toMatchObject({
      ok: true,
      frames: [events[3]!.frame, next.frame],
    });
    expect(await log.read(sessionId, events[3]!.eventId)).toMatchObject({ ok: true, frames: [next.frame] });
    // The client that saw the lost event 5 must resync.
    expect(await log.read(sessionId, events[4]!.eventId)).toMatchObject({ ok: false, reason: 'epoch_mismatch' });
    expect(await log.read(sessionId, next.eventId)).toMatchObject({ ok: true, frames: [] });
    const history = await log.history(sessionId);
    expect(history.frames).toEqual([...events.slice(0, 4).map((e) => e.frame), next.frame]);
  });
});
