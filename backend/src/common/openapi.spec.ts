import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDatabase } from '../testing/databases';
import { startTestApp, type TestApp } from '../testing/test-app';
import { OPENAPI_JSON_PATH, openApiPathOf } from './openapi';

interface Doc {
  openapi: string;
  info: { version: string };
  paths: Record<
    string,
    Record<string, { security?: unknown[]; 'x-roles'?: string[]; responses: Record<string, unknown> }>
  >;
}

/** Every route the HTTP server registered (Express's router), as [method, path]. */
function registeredRoutes(sut: TestApp): [string, string][] {
  const express = sut.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string | string[]; methods: Record<string, boolean> } }[] };
  };
  const out: [string, string][] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const path of [layer.route.path].flat()) {
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on && method !== '_all') out.push([method, path]);
    }
  }
  return out;
}

/** The OpenAPI document is generated from the real routes: none can be missing from it. */
describe('the OpenAPI document', () => {
  const db = sqliteDatabase();
  let sut: TestApp;
  let doc: Doc;

  beforeAll(async () => {
    sut = await startTestApp({ databaseUrl: db.url });
    const res = await fetch(`${sut.url}${OPENAPI_JSON_PATH}`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Doc;
  });

  afterAll(async () => {
    await sut?.close();
    await db.drop();
  });

  it('is served without a token, as JSON and as Swagger UI under the same CSP', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
    const ui = await fetch(`${sut.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await ui.text();
    // No inline script: the UI works under script-src 'self'.
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/);
    for (const src of html.matchAll(/<script src="([^"]+)"/g)) {
      expect((await fetch(new URL(src[1]!, `${sut.url}/api/docs/`))).status, src[1]).toBe(200);
    }
  });

  it('lists every route the app registers, with its method', () => {
    const routes = registeredRoutes(sut).filter(([, p]) => !p.startsWith('/api/docs'));
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes
      .map(([m, p]) => openApiPathOf(m, p))
      .filter(([m, p]) => !doc.paths[p]?.[m])
      .map(([m, p]) => `${m.toUpperCase()} ${p}`);
    expect(missing).toEqual([]);
    // And nothing that is not a route.
    const known = new Set(routes.map(([m, p]) => openApiPathOf(m, p).join(' ')));
    const extra = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item)
        .filter((m) => !known.has(`${m} ${p}`))
        .map((m) => `${m} ${p}`),
    );
    expect(extra).toEqual([]);
  });

  it('says who may call each operation, as the guard decides', () => {
    expect(doc.paths['/api/health']!.get!.security).toEqual([]);
    expect(doc.paths['/api/auth/login']!.post!.security).toEqual([]);
    expect(doc.paths['/api/events']!.post!['x-roles']).toEqual(['ingest']);
    expect(doc.paths['/api/admin/users']!.get!['x-roles']).toEqual(['admin']);
    expect(doc.paths['/api/stats']!.get!['x-roles']).toEqual(['wall', 'leader', 'district', 'admin']);
    expect(doc.paths['/api/cases/{caseId}']!.get!.responses).toHaveProperty('503');
  });
});
