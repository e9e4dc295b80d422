import { createServer, connect, type Server, type Socket } from 'node:net';

/** What {@link TcpProxy.freeze} holds back. */
export type FreezeMode = 'both' | 'answers';

/** One proxied connection: what each side sent while frozen waits here. */
interface Link {
  client: Socket;
  upstream: Socket;
  /** Held client → server chunks. */
  toServer: Buffer[];
  /** Held server → client chunks. */
  toClient: Buffer[];
}

/**
 * A TCP proxy to the first target that accepts a connection: a stand-in for a load balancer
 * that fails over when an instance dies, and a switch to cut a service off (stop) and bring it
 * back (start) on the same port, or to make it hang (freeze: every connection stays open and
 * nothing is answered) and answer late (thaw).
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly links = new Set<Link>();
  private frozen: FreezeMode | undefined;
  private trigger: { pattern: string; mode: FreezeMode } | undefined;
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
      const link: Link = { client, upstream, toServer: [], toClient: [] };
      this.links.add(link);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.on('data', (chunk: Buffer) => this.forward(link, chunk, 'toServer'));
      upstream.on('data', (chunk: Buffer) => this.forward(link, chunk, 'toClient'));
      // What a frozen peer was sent before the other side closed never arrives (as on a dead network).
      client.on('close', () => {
        this.links.delete(link);
        upstream.destroy();
      });
      upstream.on('close', () => {
        this.links.delete(link);
        client.destroy();
      });
      client.resume();
    });
  }

  private forward(link: Link, chunk: Buffer, way: 'toServer' | 'toClient'): void {
    if (way === 'toServer' && this.trigger && chunk.includes(this.trigger.pattern)) {
      const { mode } = this.trigger;
      this.trigger = undefined;
      if (mode === 'answers') {
        // The server gets the matching request (and runs it); its answer is held back.
        link.upstream.write(chunk);
        this.frozen = 'answers';
        return;
      }
      this.frozen = 'both';
    }
    const held = this.frozen === 'both' || (this.frozen === 'answers' && way === 'toClient');
    if (held) {
      link[way].push(chunk);
      return;
    }
    const [from, to] = way === 'toServer' ? [link.client, link.upstream] : [link.upstream, link.client];
    if (!to.write(chunk)) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  }

  /**
   * Stops forwarding without closing anything, on every connection and every new one: `both`
   * (default) holds every byte either way, like a host that hangs; `answers` lets requests reach
   * the server (which runs them) and holds its answers. {@link thaw} delivers what was held.
   */
  freeze(mode: FreezeMode = 'both'): void {
    this.frozen = mode;
  }

  /**
   * Freezes (as {@link freeze}) once a client sends a chunk containing `pattern`: with `answers`
   * that chunk reaches the server first (e.g. `COMMIT`: committed, never acknowledged); with
   * `both` it is held too.
   */
  freezeOn(pattern: string, mode: FreezeMode): void {
    this.trigger = { pattern, mode };
  }

  /** Forwards again, delivering first what was held. */
  thaw(): void {
    this.frozen = undefined;
    this.trigger = undefined;
    for (const link of this.links) {
      for (const c of link.toServer.splice(0)) link.upstream.write(c);
      for (const c of link.toClient.splice(0)) link.client.write(c);
    }
  }

  /** Refuses new connections and cuts every open one. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.links.clear();
    this.frozen = undefined;
    this.trigger = undefined;
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}
