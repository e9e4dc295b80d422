import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { MetricsService } from '../../metrics/metrics.service';

/** Requests a socket may burst, and sustain per second (subscribe, resync, case, present…). */
export const FLOOD_BURST = 30;
export const FLOOD_RATE = 3;

/**
 * A token bucket per socket for the requests that cost the server work. A socket that floods is
 * told why (429) and disconnected by the socket guard, so it cannot slow the others.
 */
@Injectable()
export class FloodGuard {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly metrics: MetricsService) {}

  /** Takes one request from the socket's bucket; false when it is empty (the socket floods). */
  take(socket: Socket): boolean {
    const now = performance.now();
    const b = this.buckets.get(socket.id) ?? { tokens: FLOOD_BURST, at: now };
    b.tokens = Math.min(FLOOD_BURST, b.tokens + ((now - b.at) / 1000) * FLOOD_RATE);
    b.at = now;
    if (b.tokens < 1) {
      this.metrics.floods.inc();
      return false;
    }
    b.tokens -= 1;
    this.buckets.set(socket.id, b);
    return true;
  }

  forget(socket: Socket): void {
    this.buckets.delete(socket.id);
  }
}
