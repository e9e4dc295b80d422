import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import type { ClusterService } from './cluster.service';

/**
 * Socket.IO with the Redis pub/sub adapter: a patch emitted to a room by the leader reaches the
 * room's clients on every instance. Pub/sub (not sharded, not streams) because a deployment
 * runs one Redis 7 (sharded pub/sub only pays off on a Redis Cluster) and clients recover from
 * any lost message by a seq gap → resync, so the streams adapter's replay is not needed.
 */
export class RedisIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly cluster: ClusterService,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    const { pub, sub } = this.cluster.adapterClients();
    server.adapter(createAdapter(pub, sub, { key: this.cluster.key('io'), requestsTimeout: 2000 }));
    return server;
  }
}
