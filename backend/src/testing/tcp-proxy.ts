import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to the first target that accepts a connection: a stand-in for a load balancer
 * that fails over when an instance dies, and a switch to cut a service off (stop) and bring it
 * back (start) on the same port.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly targets: { host: string; port: number }[]) {}

  async start(): Promise<number> {
    const server = createServer((client) => this.pipe(client, 0));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return this.port;
  }

  private pipe(client: Socket, index: number): void {
    const target = this.targets[index];
    if (!target) {
      client.destroy();
      return;
    }
    client.pause();
    const upstream = connect(target.port, target.host);
    upstream.once('error', () => {
      upstream.destroy();
      if (!upstream.bytesRead && !upstream.bytesWritten) this.pipe(client, index + 1);
      else client.destroy();
    });
    upstream.once('connect', () => {
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.resume();
    });
  }

  /** Refuses new connections and cuts every open one. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}
