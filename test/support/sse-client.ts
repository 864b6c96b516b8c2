export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** A minimal EventSource over fetch, as a police console uses the stream. */
export class SseClient {
  readonly events: SseEvent[] = [];
  private readonly controller = new AbortController();
  status = 0;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  async open(): Promise<void> {
    const res = await fetch(this.url, {
      headers: { accept: 'text/event-stream', ...this.headers },
      signal: this.controller.signal,
    });
    this.status = res.status;
    if (!res.ok || !res.body) return;
    void this.read(res.body.getReader()).catch(() => undefined);
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = { data: '' };
        for (const line of block.split('\n')) {
          const [field, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (field === 'id') event.id = value;
          else if (field === 'event') event.event = value;
          else if (field === 'data') event.data += value;
        }
        if (event.event !== 'ping') this.events.push(event);
      }
    }
  }

  async waitFor(count: number, timeoutMs = 10000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    return this.events;
  }

  close(): void {
    this.controller.abort();
  }
}

/** A police console's live alert stream on the API at `base`, for this bearer token (not yet open). */
export function alertStream(base: string, token: string, lastEventId?: string): SseClient {
  return new SseClient(`${base}/api/v1/alerts/stream`, {
    authorization: `Bearer ${token}`,
    ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
  });
}
