import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { CaseEvent, StatsView } from '@gridwall/shared';
import { ManualClock } from '../common/clock';
import { createDatabase, databaseKinds, type TestDatabase } from '../testing/databases';
import { getJson, postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { IngestService } from './ingest.service';

const T0 = Date.parse('2026-11-21T10:00:00+08:00');
const CELL = '410102001002001';

function reported(caseId: string, eventId = `${caseId}-r`, extra: Partial<CaseEvent> = {}): CaseEvent {
  return {
    eventId,
    caseId,
    type: 'reported',
    at: '2026-11-21T09:30:00+08:00',
    gridCode: CELL,
    category: 'illegal_business',
    source: 'patrol',
    title: '无证炒货作坊',
    ...extra,
  } as CaseEvent;
}

describe.each(databaseKinds())(`${IngestService.name} on %s`, (kind) => {
  let db: TestDatabase;
  let sut: TestApp;
  let clock: ManualClock;

  const eventCount = async () =>
    Number((await sut.app.get(DataSource).query('SELECT COUNT(*) AS n FROM case_event'))[0].n);
  const stats = async (scope = '410100') =>
    (await getJson<StatsView>(sut.url, `/api/stats?scope=${scope}&period=day`)).body;

  beforeAll(async () => {
    db = await createDatabase(kind);
    clock = new ManualClock(T0);
    sut = await startTestApp({ databaseUrl: db.url, clock });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('stores a single event and answers 202 after commit', async () => {
    const res = await postEvents(sut.url, reported('C-1'));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, duplicates: 0 });
    expect(await eventCount()).toBe(1);
    expect((await stats()).reported).toBe(1);
  });

  it('counts the same eventId with the same content once and answers 200', async () => {
    const before = await eventCount();
    // Same instant written with another offset is the same content.
    const res = await postEvents(sut.url, reported('C-1', 'C-1-r', { at: '2026-11-21T01:30:00Z' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 0, duplicates: 1 });
    expect(await eventCount()).toBe(before);
    expect((await stats()).reported).toBe(1);
  });

  it('answers 409 to a changed duplicate and stores nothing of its batch', async () => {
    const before = await eventCount();
    const res = await postEvents(sut.url, {
      events: [reported('C-2'), reported('C-1', 'C-1-r', { title: '改过的标题' })],
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/events\[1\]\.eventId/);
    expect(await eventCount()).toBe(before);
  });

  it('rejects a batch with one bad event as a whole, naming the field', async () => {
    const before = await eventCount();
    const res = await postEvents(sut.url, {
      events: [reported('C-3'), reported('C-4'), reported('C-5', 'C-5-r', { gridCode: '999999' })],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toBe('events[2].gridCode: unknown area code "999999"');
    expect(await eventCount()).toBe(before);
    expect((await stats()).reported).toBe(1);
  });

  it.each([
    [{ ...reported('C-6'), gridCode: 'nope' }, /^gridCode: unknown area code/],
    [{ ...reported('C-6'), at: '2026-11-21 09:30' }, /^at: must be an ISO-8601 time with offset/],
    [{ ...reported('C-6'), at: '2026-11-21T09:30:00' }, /^at: must be an ISO-8601 time with offset/],
    [{ ...reported('C-6'), at: '2026-02-30T09:30:00+08:00' }, /^at: must be an ISO-8601/],
    // Years 0–99 are not read as 1900–1999: they are refused as years, not stored as others.
    [{ ...reported('C-6'), at: '0001-01-01T00:00:00Z' }, /^at: lies before 2000-01-01/],
    [{ ...reported('C-6'), at: '0099-06-01T00:00:00+08:00' }, /^at: lies before 2000-01-01/],
    [
      {
        eventId: 'x9',
        caseId: 'C-6',
        type: 'extended',
        at: '2026-11-21T09:40:00+08:00',
        deadline: '9999-12-31T23:59:59Z',
      },
      /^deadline: lies more than 10 years after/,
    ],
    [{ ...reported('C-6'), type: 'deleted' }, /^type: must be one of/],
    [{ ...reported('C-6'), category: undefined }, /^category: is required/],
    [{ ...reported('C-6'), title: 'x'.repeat(201) }, /^title: must be at most 200 characters/],
    [{ ...reported('C-6'), eventId: 'has space' }, /^eventId: must be 1–64 characters/],
    [{ ...reported('C-6'), colour: 'red' }, /^colour: is not a field of a reported event/],
    [
      { eventId: 'x1', caseId: 'C-6', type: 'dispatched', at: '2026-11-21T09:40:00+08:00' },
      /^handlerLevel: a dispatched event needs/,
    ],
    [
      { eventId: 'x2', caseId: 'C-6', type: 'dispatched', at: '2026-11-21T09:40:00+08:00', departmentCode: 'nope' },
      /^departmentCode: unknown department/,
    ],
    [
      {
        eventId: 'x3',
        caseId: 'C-6',
        type: 'extended',
        at: '2026-11-21T09:40:00+08:00',
        deadline: '2026-11-21T09:00:00+08:00',
      },
      /^deadline: must be after/,
    ],
    [
      { eventId: 'x4', caseId: 'C-6', type: 'closed', at: '2026-11-21T09:40:00+08:00', satisfaction: 'great' },
      /^satisfaction: must be one of/,
    ],
    [{ eventId: 'x5', caseId: 'C-6', type: 'accepted', at: '2026-11-21T12:00:00+08:00' }, /^at: lies in the future/],
    [[reported('C-6')], /^body: must be a JSON object/],
    [{ events: [] }, /^events: must contain at least one event/],
  ])('answers 400 naming the field for %j', async (body, message) => {
    const before = await eventCount();
    const res = await postEvents(sut.url, body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
    expect(await eventCount()).toBe(before);
  });

  it('answers 400 to malformed JSON', async () => {
    const res = await postEvents(sut.url, '{"eventId": ');
    expect(res.status).toBe(400);
  });

  it('answers 413 to a batch of more than 5,000 events', async () => {
    const events = Array.from({ length: 5001 }, (_, i) => reported(`BIG-${i}`));
    const res = await postEvents(sut.url, { events });
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/^events: at most 5000/);
  });

  it('answers 413 to a body over 16 MB and stores nothing', async () => {
    const before = await eventCount();
    const res = await postEvents(
      sut.url,
      JSON.stringify({ events: [reported('H-1', 'H-1-r', { description: 'x'.repeat(17 * 1024 * 1024) })] }),
    );
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413 });
    expect(await eventCount()).toBe(before);
  });

  it('answers 401 without a valid ingest key', async () => {
    expect((await postEvents(sut.url, reported('C-7'), 'wrong-key')).status).toBe(401);
    const res = await fetch(`${sut.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(reported('C-7')),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toMatch(/Bearer/);
  });

  it('keeps events that precede their report and counts them once it arrives', async () => {
    const before = await stats();
    const early: CaseEvent[] = [
      { eventId: 'E-1-a', caseId: 'E-1', type: 'accepted', at: '2026-11-21T09:35:00+08:00' },
      { eventId: 'E-1-d', caseId: 'E-1', type: 'dispatched', at: '2026-11-21T09:36:00+08:00', handlerLevel: 'village' },
      { eventId: 'E-1-s', caseId: 'E-1', type: 'resolved', at: '2026-11-21T09:50:00+08:00' },
    ];
    expect((await postEvents(sut.url, { events: early })).status).toBe(202);
    const mid = await stats();
    expect(mid.reported).toBe(before.reported);
    expect(mid.accepted).toBe(before.accepted);
    expect((await postEvents(sut.url, reported('E-1'))).status).toBe(202);
    const after = await stats();
    expect(after.reported).toBe(before.reported + 1);
    expect(after.accepted).toBe(before.accepted + 1);
    expect(after.resolved).toBe(before.resolved + 1);
    expect(after.gridRate.numerator).toBe(before.gridRate.numerator + 1);
  });

  it('stores Chinese text and reporter data intact', async () => {
    const ev = reported('U-1', 'U-1-r', {
      description: '金水区经八路𠮷字号门面，占道经营',
      reporter: { name: '王先生', phone: '13812341234' },
    });
    expect((await postEvents(sut.url, ev)).status).toBe(202);
    const rows = await sut.app.get(DataSource).query("SELECT payload FROM case_event WHERE event_id = 'U-1-r'");
    const payload = JSON.parse(rows[0].payload);
    expect(payload.description).toBe('金水区经八路𠮷字号门面，占道经营');
    expect(payload.reporter).toEqual({ name: '王先生', phone: '13812341234' });
  });
});
