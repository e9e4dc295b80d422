import { createHash, createHmac } from 'node:crypto';
import type { NotificationBody, WebhookFormat } from '@gridwall/shared';

/** The signature header: `sha256=<hex HMAC-SHA256 of the raw body>` (GitHub's scheme). */
export const SIGNATURE_HEADER = 'x-gridwall-signature';
/** Unix seconds of the attempt. */
export const TIMESTAMP_HEADER = 'x-gridwall-timestamp';
/** The notification's idempotency key (also `id` in the body), stable across retries. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const EVENT_HEADER = 'x-gridwall-event';

/** WeCom robots take markdown content up to 4096 bytes; DingTalk more. Both get the same cap. */
const MARKDOWN_MAX_BYTES = 3800;

/** The idempotency key of a notification: a hash of what it is about, the same however often made. */
export function notificationId(naturalKey: string): string {
  return createHash('sha256').update(naturalKey).digest('hex').slice(0, 32);
}

/** `sha256=<hex>` of `body` under `secret`. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = text;
  while (Buffer.byteLength(out) > max - 4) out = out.slice(0, Math.floor(out.length * 0.9));
  return `${out}\n…`;
}

/** The markdown both group robots render: a heading, then one line per fact. */
export function markdownOf(n: NotificationBody): string {
  const lines = [
    `### ${n.title}`,
    ...n.lines.map((l) => `> ${l}`),
    `<font color="comment">${n.createdAt} · ${n.id}</font>`,
  ];
  return truncateBytes(lines.join('\n'), MARKDOWN_MAX_BYTES);
}

/** The request body for a webhook's format. */
export function renderBody(n: NotificationBody, format: WebhookFormat): string {
  if (format === 'wecom') return JSON.stringify({ msgtype: 'markdown', markdown: { content: markdownOf(n) } });
  if (format === 'dingtalk')
    return JSON.stringify({ msgtype: 'markdown', markdown: { title: n.title.slice(0, 64), text: markdownOf(n) } });
  return JSON.stringify(n);
}

/**
 * The URL to post to. A DingTalk robot with 加签 (signing) enabled wants `timestamp` (ms) and
 * `sign` = base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)) in the query: added when the
 * webhook's secret is a DingTalk one (`SEC…`).
 */
export function targetUrl(url: string, format: WebhookFormat, secret: string, nowMs: number): string {
  if (format !== 'dingtalk' || !secret.startsWith('SEC')) return url;
  const sign = createHmac('sha256', secret).update(`${nowMs}\n${secret}`).digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', String(nowMs));
  u.searchParams.set('sign', sign);
  return u.toString();
}

/** The URL as listed: query values and any user info masked (robot keys are credentials). */
export function maskedUrl(url: string): string {
  try {
    const u = new URL(url);
    const mask = (v: string) => (v.length <= 4 ? '****' : `****${v.slice(-4)}`);
    if (u.username) u.username = '****';
    if (u.password) u.password = '****';
    for (const [k, v] of [...u.searchParams]) u.searchParams.set(k, mask(v));
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
