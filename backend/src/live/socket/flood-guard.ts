import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { MetricsService } from '../../metrics/metrics.service';
import { FLOOD_BURST, FLOOD_RATE, RESYNC_BURST, RESYNC_RATE } from './socket-limits';

export { FLOOD_BURST, FLOOD_RATE } from './socket-limits';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per socket: one for every request that costs the server work (a socket that
 * floods is told why, 429, and disconnected by the socket guard, so it cannot slow the others),
 * and a tighter one for `resync`, whose full snapshots are the costliest answers.
 */
@Injectable()
export class FloodGuard {
  private readonly buckets = new Map<string, Bucket>();
  private readonly resyncs = new Map<string, Bucket>();

  constructor(private readonly metrics: MetricsService) {}

  /** Takes one request from the socket's bucket; false when it is empty (the socket floods). */
  take(socket: Socket): boolean {
    const ok = takeFrom(this.buckets, socket.id, FLOOD_BURST, FLOOD_RATE);
    if (!ok) this.metrics.floods.inc();
    return ok;
  }

  /** Takes one `resync` from the socket's resync bucket; false when it is empty. */
  takeResync(socket: Socket): boolean {
    return takeFrom(this.resyncs, socket.id, RESYNC_BURST, RESYNC_RATE);
  }

  forget(socket: Socket): void {
    this.buckets.delete(socket.id);
    this.resyncs.delete(socket.id);
  }
}

function takeFrom(buckets: Map<string, Bucket>, id: string, burst: number, rate: number): boolean {
  const now = performance.now();
  const b = buckets.get(id) ?? { tokens: burst, at: now };
  b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
  b.at = now;
  buckets.set(id, b);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}
