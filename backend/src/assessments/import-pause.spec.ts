import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ManualClock } from '../common/clock';
import { createDatabase, databaseKinds, type TestDatabase } from '../testing/databases';
import { citizenReport } from '../testing/fixtures';
import { postEvents, startTestApp, type TestApp } from '../testing/test-app';
import { IMPORT_HEARTBEAT_KEY, IMPORT_HEARTBEAT_TTL_MS } from './assessment-store.service';
import { AssessmentsService } from './assessments.service';

describe.each(databaseKinds())('issuing while a history import runs, on %s', (kind) => {
  let db: TestDatabase;
  let sut: TestApp;
  const clock = new ManualClock(Date.parse('2026-11-18T10:00:00+08:00'));

  beforeAll(async () => {
    db = await createDatabase(kind);
    sut = await startTestApp({ databaseUrl: db.url, clock });
    expect(
      (await postEvents(sut.url, citizenReport('P-1', '410102001002001', '2026-11-17T09:00:00+08:00'))).status,
    ).toBe(202);
    clock.set(Date.parse('2026-11-24T03:00:00+08:00'));
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  const heartbeat = (at: number) =>
    sut.app
      .get(DataSource)
      .query('REPLACE INTO app_setting (`key`, value, updated_at) VALUES (?, ?, ?)', [IMPORT_HEARTBEAT_KEY, '{}', at]);

  it('waits while the import beats, and issues once its heartbeat is stale', async () => {
    const svc = sut.app.get(AssessmentsService);
    await heartbeat(Date.now());
    expect(await svc.issueDue()).toEqual([]);
    await heartbeat(Date.now() - IMPORT_HEARTBEAT_TTL_MS - 1000);
    expect(await svc.issueDue()).toEqual([{ kind: 'week', period: '2026-W47' }]);
  });
});
