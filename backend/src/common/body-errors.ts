import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler } from 'express';

/** A body-parser error (http-errors with a `type`). */
interface BodyParserError {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  limit?: unknown;
  length?: unknown;
  charset?: unknown;
  encoding?: unknown;
  message?: unknown;
}

/** 16384 → "16 KB", 16777216 → "16 MB". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} bytes`;
}

/** The api.md message of a body the parser refused, naming the body and, for 413, the limit. */
function messageOf(e: BodyParserError, path: string): string {
  switch (e.type) {
    case 'entity.too.large': {
      const limit = typeof e.limit === 'number' ? formatBytes(e.limit) : 'the limit';
      const size = typeof e.length === 'number' && Number.isFinite(e.length) ? ` (${e.length} bytes)` : '';
      return `request body: larger than ${limit}${size}, the most ${path} accepts`;
    }
    case 'entity.parse.failed':
      return `request body: not valid JSON (${String(e.message)})`;
    case 'charset.unsupported':
      return `Content-Type: unsupported charset ${JSON.stringify(String(e.charset ?? ''))} (send UTF-8)`;
    case 'encoding.unsupported':
      return `Content-Encoding: unsupported ${JSON.stringify(String(e.encoding ?? ''))} (send identity, gzip, deflate or br)`;
    case 'request.aborted':
      return 'request body: the client closed the connection before sending it whole';
    case 'request.size.invalid':
      return 'request body: shorter or longer than its Content-Length';
    default:
      return `request body: ${String(e.message)}`;
  }
}

/**
 * Express error middleware right after the body parsers: a body they refuse (over the size
 * limit, not JSON, an unsupported charset or encoding) is answered in the api.md error shape
 * `{statusCode, error, message}`, the message naming the body and, for 413, the limit.
 * Any other error goes on to Nest's exception layer.
 */
export function bodyErrors(): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const e = (err ?? {}) as BodyParserError;
    const status = Number(e.status ?? e.statusCode);
    if (typeof e.type !== 'string' || !(status >= 400 && status < 500) || res.headersSent) return next(err);
    res.status(status).json({
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Bad Request',
      // The path is the client's: bounded, as every unauthenticated input.
      message: messageOf(e, `${req.method} ${req.path.slice(0, 100)}`),
    });
  };
}
