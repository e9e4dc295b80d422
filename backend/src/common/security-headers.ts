import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The Content-Security-Policy of every response. The built frontend loads only its own bundles,
 * the GeoJSON under /maps and a same-origin WebSocket ('self' covers ws:/wss: of the same host);
 * ECharts and Vue set inline `style` attributes, so styles alone may be inline. A wall's `map=`
 * parameter pointing at another origin is refused by `connect-src`: serve such files under /maps.
 */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Helmet with {@link CONTENT_SECURITY_POLICY}: no framing (also `X-Frame-Options: DENY`),
 * `nosniff`, no referrer (a wall's URL carries its `?token=`), no `X-Powered-By`.
 * `upgrade-insecure-requests` is left out: plain-HTTP intranet deployments must keep working.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  }) as RequestHandler;
}
