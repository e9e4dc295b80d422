// A live stream of realistic case events "now": lifecycles planned with planCase (categories,
// sources, grid cells, departments, escalations, extensions, reworks, closures with satisfaction)
// emitted in their order with `at` set to the moment of sending (time compressed), and each
// eventId stamped with its post time (epoch ms) so receivers on the same machine clock can
// measure event-to-screen latency: `<caseId>-e<n>.t<ms base 36>`.
import { Rng, planCase, world } from './world.mjs';

/** The post time stamped in an eventId, epoch ms; null when it carries none. */
export function postTimeOf(eventId) {
  const i = eventId.lastIndexOf('.t');
  return i < 0 ? null : parseInt(eventId.slice(i + 2), 36);
}

export class LiveStream {
  /** `prefix` makes case ids unique per run (e.g. "L3F2A-"). */
  constructor(prefix, seed = 1) {
    this.prefix = prefix;
    this.rng = new Rng(seed);
    this.active = [];
    this.caseSeq = 0;
    this.counts = { reported: 0, total: 0 };
    world();
  }

  startCase(now) {
    const caseId = `${this.prefix}${(this.caseSeq++).toString(36)}`;
    const planned = planCase(caseId, now, world().planWorld)
      .sort((a, b) => a.at - b.at)
      .map((p) => p.event);
    this.active.push({ events: planned, next: 0 });
  }

  /** The next event, with `at` = now and its eventId stamped with `now`. */
  next(now) {
    if (this.active.length < 50 || this.rng.chance(0.2)) this.startCase(now);
    const i = this.active.length === 1 ? 0 : this.rng.int(this.active.length);
    const c = this.active[i];
    const planned = c.events[c.next++];
    if (c.next >= c.events.length) {
      this.active[i] = this.active[this.active.length - 1];
      this.active.pop();
    }
    const event = { ...planned, at: new Date(now).toISOString(), eventId: `${planned.eventId}.t${now.toString(36)}` };
    this.counts.total += 1;
    if (event.type === 'reported') this.counts.reported += 1;
    return event;
  }

  /** `n` events stamped now. */
  batch(n, now = Date.now()) {
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next(now);
    return out;
  }
}
