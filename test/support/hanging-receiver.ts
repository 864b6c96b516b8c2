import { createServer, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';

/** One HTTP request as a receiver that never answers saw it on its connection. */
export interface HungRequest {
  webhookId: string;
  /** When the request's headers arrived. */
  at: number;
  /** When the client gave up and closed the connection (null while it is still open). */
  closedAt: number | null;
}

/**
 * A webhook endpoint that accepts connections, reads what arrives and never answers: the peer a
 * police post's system becomes when it hangs. Every request is recorded with when it came and
 * when the sender gave up on it.
 */
export class HangingReceiver {
  readonly requests: HungRequest[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  async start(): Promise<string> {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      let head = '';
      let current: HungRequest | null = null;
      socket.on('data', (chunk: Buffer) => {
        if (current) return;
        head += chunk.toString('latin1');
        const id = /\r\nwebhook-id: *([^\r\n]+)\r\n/i.exec(head);
        if (!id || !head.includes('\r\n\r\n')) return;
        current = { webhookId: id[1], at: Date.now(), closedAt: null };
        this.requests.push(current);
      });
      socket.on('close', () => {
        this.sockets.delete(socket);
        if (current) current.closedAt = Date.now();
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** The requests that carried this webhook id, in order of arrival. */
  of(webhookId: string): HungRequest[] {
    return this.requests.filter((r) => r.webhookId === webhookId);
  }

  stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}
