import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import {
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';

/**
 * Where this instance stands in a deployment:
 * - `single`: no Redis configured; one instance does everything;
 * - `leader`: holds the Redis lease: runs the simulator and sends patches to every instance's
 *   clients through the Socket.IO Redis adapter;
 * - `follower`: another instance leads; this one serves reads, snapshots and ingest;
 * - `isolated`: Redis is unreachable; this instance sends patches to its own clients only.
 */
export type ClusterRole = 'single' | 'leader' | 'follower' | 'isolated';

/** Lease length; the leader renews it every {@link LEASE_RENEW_MS}. A dead leader is replaced within it. */
export const LEASE_MS = 5000;
export const LEASE_RENEW_MS = 1000;

/** Renews the lease if it is ours, takes it if it is free; 1 when we hold it afterwards. */
const ACQUIRE = `local v = redis.call('get', KEYS[1])
if v == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end
if not v then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Redis connections and leadership. Leadership is a plain Redis lease (taken when free and renewed
 * when ours, by one Lua script); the Socket.IO Redis adapter uses the pub/sub clients made here.
 */
@Injectable()
export class ClusterService implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(ClusterService.name);
  readonly instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly enabled: boolean;
  readonly prefix: string;
  private cmd: Redis | undefined;
  private pubClient: Redis | undefined;
  private subClient: Redis | undefined;
  private timer: NodeJS.Timeout | undefined;
  private roleValue: ClusterRole;
  private readonly events = new EventEmitter();
  private firstRole: Promise<void>;
  private resolveFirst: () => void = () => undefined;

  constructor(config: ConfigService) {
    this.enabled = Boolean(config.get<string>('REDIS_URL'));
    this.prefix = config.get<string>('REDIS_PREFIX') ?? 'gridwall';
    this.roleValue = this.enabled ? 'isolated' : 'single';
    this.firstRole = this.enabled ? new Promise((r) => (this.resolveFirst = r)) : Promise.resolve();
    if (this.enabled) {
      const url = config.get<string>('REDIS_URL')!;
      const common = { maxRetriesPerRequest: 1, retryStrategy: (n: number) => Math.min(200 * n, 2000) };
      // Commands fail at once while Redis is down instead of queueing.
      this.cmd = new Redis(url, { ...common, enableOfflineQueue: false, lazyConnect: false });
      this.pubClient = new Redis(url, { ...common });
      this.subClient = this.pubClient.duplicate();
      // The adapter does not await its publishes; while Redis is away they must fail quietly
      // (clients recover from a lost patch by resync) instead of crashing the process.
      const pub = this.pubClient;
      const publish = pub.publish.bind(pub) as (...args: unknown[]) => Promise<number>;
      (pub as unknown as { publish: (...args: unknown[]) => Promise<number> }).publish = (...args: unknown[]) =>
        publish(...args).catch((err: Error) => {
          this.logger.debug(`redis publish failed: ${err.message}`);
          return 0;
        });
      for (const [name, client] of [
        ['command', this.cmd],
        ['pub', this.pubClient],
        ['sub', this.subClient],
      ] as const) {
        client.on('error', (err: Error) => this.logger.debug(`redis ${name}: ${err.message}`));
      }
    }
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    this.timer = setInterval(() => void this.renew(), LEASE_RENEW_MS);
    this.timer.unref();
    await this.renew();
  }

  /** Hands leadership over at once on shutdown instead of letting the lease run out. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.enabled && this.roleValue === 'leader') {
      await this.cmd!.eval(RELEASE, 1, this.key('leader'), this.instanceId).catch(() => undefined);
    }
  }

  /** Closes the Redis connections after the socket server (and its adapter) has closed. */
  onApplicationShutdown(): void {
    for (const c of [this.cmd, this.pubClient, this.subClient]) c?.disconnect();
  }

  /** This instance's role now. */
  get role(): ClusterRole {
    return this.roleValue;
  }

  /** Resolves once the first lease attempt decided a role. */
  whenRoleKnown(): Promise<void> {
    return this.firstRole;
  }

  /** True where work that must happen once (simulator, patches to all) runs. */
  get runsSingletons(): boolean {
    return this.roleValue === 'single' || this.roleValue === 'leader';
  }

  /** Calls `listener` on every role change. */
  onRoleChange(listener: (role: ClusterRole, previous: ClusterRole) => void): void {
    this.events.on('role', listener);
  }

  /** The pub/sub clients for the Socket.IO Redis adapter. */
  adapterClients(): { pub: Redis; sub: Redis } {
    if (!this.pubClient || !this.subClient) throw new Error('Redis is not configured');
    return { pub: this.pubClient, sub: this.subClient };
  }

  /** True when the command connection is up (readiness). */
  get redisUp(): boolean {
    return this.cmd?.status === 'ready';
  }

  /** Pings Redis (readiness); throws when it does not answer. */
  async ping(): Promise<void> {
    if (!this.cmd) return;
    await this.cmd.ping();
  }

  /** A namespaced Redis key. */
  key(name: string): string {
    return `${this.prefix}:${name}`;
  }

  /** The next patch sequence number of a room, shared by every instance. */
  async nextSeq(room: string): Promise<number> {
    return this.cmd!.hincrby(this.key('room-seq'), room, 1);
  }

  /** The current sequence number of a room (0 when none was sent yet). */
  async currentSeq(room: string): Promise<number> {
    return Number((await this.cmd!.hget(this.key('room-seq'), room)) ?? 0);
  }

  /** Small shared key-value storage (presenter channels). */
  hset(key: string, field: string, value: string): Promise<number> {
    return this.cmd!.hset(key, field, value);
  }

  hget(key: string, field: string): Promise<string | null> {
    return this.cmd!.hget(key, field);
  }

  hdel(key: string, field: string): Promise<number> {
    return this.cmd!.hdel(key, field);
  }

  private async renew(): Promise<void> {
    let next: ClusterRole;
    try {
      // Also after a Redis blip: a lease that is still ours is kept, not waited out.
      const held = await this.cmd!.eval(ACQUIRE, 1, this.key('leader'), this.instanceId, String(LEASE_MS));
      next = held === 1 ? 'leader' : 'follower';
    } catch {
      next = 'isolated';
    }
    this.setRole(next);
    this.resolveFirst();
  }

  private setRole(next: ClusterRole): void {
    const previous = this.roleValue;
    if (next === previous) return;
    this.roleValue = next;
    this.logger.log(`cluster role: ${previous} → ${next} (${this.instanceId})`);
    this.events.emit('role', next, previous);
  }
}
