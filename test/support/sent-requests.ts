import diagnosticsChannel from 'node:diagnostics_channel';

interface UndiciRequest {
  headers: string[];
}

/**
 * When this process's HTTP client began each webhook request, by webhook id, in order: read from
 * undici's `undici:request:create` diagnostics channel. A receiver sees a request only once the
 * sender has connected and written it, which on a busy sender can be well after the sender
 * started its clock; timing against these starts judges the sender's timeout itself.
 */
export class SentRequests {
  private readonly starts = new Map<string, number[]>();
  private readonly onCreate = (message: unknown) => {
    const { headers } = (message as { request: UndiciRequest }).request;
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i].toLowerCase() !== 'webhook-id') continue;
      const list = this.starts.get(headers[i + 1]) ?? [];
      list.push(Date.now());
      this.starts.set(headers[i + 1], list);
    }
  };

  start(): void {
    diagnosticsChannel.subscribe('undici:request:create', this.onCreate);
  }

  stop(): void {
    diagnosticsChannel.unsubscribe('undici:request:create', this.onCreate);
  }

  /** When each request carrying this webhook id was begun, in order. */
  of(webhookId: string): number[] {
    return this.starts.get(webhookId) ?? [];
  }
}
