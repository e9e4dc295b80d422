import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDatabase } from '../testing/databases';
import { startTestApp, TEST_INGEST_KEY, type TestApp } from '../testing/test-app';
import { formatBytes } from './body-errors';

/** A refused request body answers in the api.md error shape, naming the limit (not Express's page). */
describe('refused request bodies', () => {
  const db = sqliteDatabase();
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ databaseUrl: db.url });
  });

  afterAll(async () => {
    await sut?.close();
    await db.drop();
  });

  async function send(path: string, body: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${sut.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_KEY}`, ...headers },
      body,
    });
    const text = await res.text();
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['error', 'message', 'statusCode']);
    return { status: res.status, json };
  }

  it('answers a sign-in body over 16 KB with 413 naming the limit', async () => {
    const huge = 'x'.repeat(1024 * 1024);
    const { status, json } = await send('/api/auth/login', JSON.stringify({ name: huge, password: huge }));
    expect(status).toBe(413);
    expect(json).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    expect(json.message).toMatch(
      /^request body: larger than 16 KB \(\d+ bytes\), the most POST \/api\/auth\/login accepts$/,
    );
  });

  it('answers an ingest body over 16 MB with 413 naming the limit', async () => {
    const { status, json } = await send('/api/events', JSON.stringify({ events: ['y'.repeat(17 * 1024 * 1024)] }));
    expect(status).toBe(413);
    expect(json).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    expect(json.message).toMatch(/larger than 16 MB/);
  });

  it('answers a body that is not JSON, or not UTF-8, in the same shape', async () => {
    const bad = await send('/api/events', '{"eventId": ');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(bad.json.message).toMatch(/^request body: not valid JSON/);
    const latin = await send('/api/auth/login', '{}', { 'content-type': 'application/json; charset=latin2' });
    expect(latin.status).toBe(415);
    expect(latin.json).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    expect(latin.json.message).toMatch(/^Content-Type: unsupported charset "latin2" \(send UTF-8\)$/);
  });

  it('formats limits as people write them', () => {
    expect([formatBytes(16 * 1024), formatBytes(16 * 1024 * 1024), formatBytes(1000)]).toEqual([
      '16 KB',
      '16 MB',
      '1000 bytes',
    ]);
  });
});
