import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type Presentation } from '@gridwall/shared';
import { sqliteDatabase, type TestDatabase } from '../testing/databases';
import { startTestApp, type TestApp } from '../testing/test-app';

type Answer<T> = { ok: true; data: T } | { ok: false; error: { statusCode: number; message: string } };

describe('operator control of a wall from a tablet', () => {
  let db: TestDatabase;
  let sut: TestApp;
  const sockets: Socket[] = [];
  const connect = (token: string) => {
    const s = io(`${sut.url}${LIVE_NAMESPACE}`, { auth: { token }, transports: ['websocket'] });
    sockets.push(s);
    return s;
  };
  const ask = <T>(s: Socket, event: string, body: unknown) =>
    s.timeout(10_000).emitWithAck(event, body) as Promise<Answer<T>>;

  beforeAll(async () => {
    db = await sqliteDatabase();
    sut = await startTestApp({ databaseUrl: db.url });
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await sut?.close();
    await db?.drop();
  });

  it('pauses, pins, steps and hides 样本不足 on every watching wall, keeps it across presenting, and resets', async () => {
    const wall = connect(sut.tokens.wall);
    const seen: Presentation[] = [];
    wall.on('presenting', (p: Presentation) => seen.push(p));
    expect(await ask<Presentation>(wall, 'watch', { channel: '指挥中心' })).toMatchObject({
      ok: true,
      data: { target: null },
    });
    const tablet = connect(sut.tokens.leader);
    const paused = await ask<Presentation>(tablet, 'control', {
      channel: '指挥中心',
      paused: true,
      pinned: 'ranking:township',
    });
    expect(paused.ok && paused.data.control).toMatchObject({
      paused: true,
      pinned: 'ranking:township',
      hideInsufficient: false,
      stepSeq: 0,
    });
    const step = await ask<Presentation>(tablet, 'control', { channel: '指挥中心', step: -1 });
    expect(step.ok && step.data.control).toMatchObject({ paused: true, stepSeq: 1, stepBy: -1 });
    await ask<Presentation>(tablet, 'control', { channel: '指挥中心', step: 1, hideInsufficient: true });
    // Presenting a unit keeps the control; stopping the presentation too.
    const shown = await ask<Presentation>(tablet, 'present', {
      channel: '指挥中心',
      target: { kind: 'unit', code: '410102', period: 'week' },
    });
    expect(shown.ok && shown.data.control).toMatchObject({ paused: true, stepSeq: 2, hideInsufficient: true });
    const stopped = await ask<Presentation>(tablet, 'present', { channel: '指挥中心', target: null });
    expect(stopped.ok && stopped.data.control?.pinned).toBe('ranking:township');
    // A wall that starts watching now gets the control.
    const late = connect(sut.tokens.wall);
    const now = await ask<Presentation>(late, 'watch', { channel: '指挥中心' });
    expect(now.ok && now.data.control).toMatchObject({ paused: true, pinned: 'ranking:township', stepSeq: 2 });
    const reset = await ask<Presentation>(tablet, 'control', { channel: '指挥中心', reset: true });
    expect(reset.ok && reset.data.control).toMatchObject({ paused: false, pinned: null, hideInsufficient: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.map((p) => p.control?.stepSeq ?? null)).toEqual([0, 1, 2, 2, 2, 2]);
    expect(seen.at(-1)!.control!.by).toBe('t-leader');
  });

  it('is refused to screens and for what is not a control, naming the field, changing nothing', async () => {
    const wall = connect(sut.tokens.wall);
    expect(await ask(wall, 'control', { channel: '指挥中心', paused: true })).toMatchObject({
      ok: false,
      error: { statusCode: 403 },
    });
    const tablet = connect(sut.tokens.leader);
    for (const [body, field] of [
      [{ channel: '指挥中心', paused: 'yes' }, 'paused'],
      [{ channel: '指挥中心', pinned: 'x'.repeat(41) }, 'pinned'],
      [{ channel: '指挥中心', pinned: '<script>' }, 'pinned'],
      [{ channel: '指挥中心', step: 5 }, 'step'],
      [{ channel: 'bad channel!', paused: true }, 'channel'],
      [{ channel: '指挥中心', colour: 'red' }, 'colour'],
    ] as const) {
      const answer = await ask(tablet, 'control', body);
      expect(answer.ok, JSON.stringify(body)).toBe(false);
      if (!answer.ok) {
        expect(answer.error.statusCode).toBe(400);
        expect(answer.error.message).toContain(field);
      }
    }
    const now = await ask<Presentation>(wall, 'watch', { channel: '指挥中心' });
    expect(now.ok && now.data.control).toMatchObject({ paused: false, pinned: null });
  });
});
