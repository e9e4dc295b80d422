import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Histogram } from 'prom-client';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The `route` label of a finished request: the route template Express matched
 * (`/api/cases/:caseId`), never the raw URL, so the label has as many values as the app has
 * routes. Without a matched route: `(frontend)` for the built frontend and its assets,
 * `(no route)` for /api and /metrics paths no route took (404s, bodies refused before routing).
 */
export function routeLabel(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}` || '/';
  return /^\/(api|metrics|socket\.io)(\/|$)/.test(req.path) ? '(no route)' : '(frontend)';
}

/**
 * Express middleware (first of all): observes every HTTP request's duration into
 * `gridwall_http_request_duration_seconds{route, method, status_class}`.
 */
export function httpMetrics(histogram: Histogram<'route' | 'method' | 'status_class'>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    res.once('finish', () => {
      histogram.observe(
        {
          route: routeLabel(req),
          method: METHODS.has(req.method) ? req.method : 'other',
          status_class: `${Math.floor(res.statusCode / 100)}xx`,
        },
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}
