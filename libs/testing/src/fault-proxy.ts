import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * What the proxy does to traffic: pass it, delay every chunk each way, cut every connection
 * (a reset, as a crashed or restarted peer), or swallow everything and answer nothing (a
 * black hole, as a dead host or a dropped route: callers find out only by their deadlines).
 */
export type FaultMode = { readonly kind: 'pass' } | { readonly kind: 'latency'; readonly ms: number } | { readonly kind: 'reset' } | { readonly kind: 'blackhole' };

/**
 * A TCP proxy between the app and a dependency (Redis, the DynamoDB-API store, a peer
 * service) whose behaviour a test or the reliability run switches while traffic flows.
 */
export class FaultProxy {
  private mode: FaultMode = { kind: 'pass' };
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** `upstream` as host:port or a URL; the proxy listens on a free loopback port. */
  static async start(upstream: string): Promise<FaultProxy> {
    const target = upstream.includes('://') ? new URL(upstream) : new URL(`tcp://${upstream}`);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FaultProxy(server, (server.address() as AddressInfo).port);
    server.on('connection', (client) => proxy.pipe(client, target.hostname, Number(target.port)));
    return proxy;
  }

  /** The proxy's address in the upstream's scheme, e.g. `http://127.0.0.1:PORT` or `redis://127.0.0.1:PORT`. */
  url(scheme = 'http'): string {
    return `${scheme}://127.0.0.1:${this.port}`;
  }

  set(mode: FaultMode): void {
    this.mode = mode;
    if (mode.kind === 'reset') for (const socket of this.sockets) socket.resetAndDestroy();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket, host: string, port: number): void {
    if (this.mode.kind === 'reset') {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection(port, host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const forward = (to: Socket) => (chunk: Buffer) => {
      const mode = this.mode;
      if (mode.kind === 'blackhole') return;
      if (mode.kind === 'reset') {
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      if (mode.kind === 'latency') setTimeout(() => to.writable && to.write(chunk), mode.ms);
      else to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  }
}
