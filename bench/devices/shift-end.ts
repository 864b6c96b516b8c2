import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Endpoint } from '../lib/endpoint';
import { byteRange, DockFile } from './dock-files';

/** A dock: one device of a unit, and the gateway key of that unit. */
export interface Dock {
  deviceId: string;
  unitId: string;
  kind: string;
  serialNumber: string;
  apiKey: string;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** At most `size` holders at once; the others wait in arrival order. */
export class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((ready) => this.waiting.push(ready));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** One HTTP request over `agent`; the body is written as the given buffers, without copying them. */
function send(
  agent: Agent,
  url: URL,
  method: string,
  headers: Record<string, string | number>,
  body: Buffer[] = [],
  json = false,
): Promise<Answer> {
  const length = body.reduce((n, b) => n + b.length, 0);
  return new Promise((done, fail) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        agent,
        headers: { ...headers, 'content-length': length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          if (json && text)
            try {
              parsed = JSON.parse(text);
            } catch {
              // Left as text: an answer that is not JSON is reported by its status.
            }
          done({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', fail);
    for (const b of body) req.write(b);
    req.end();
  });
}

/** Times one request into `endpoint`; a request with no answer counts by its error code. */
async function timed(endpoint: Endpoint, call: () => Promise<Answer>): Promise<Answer | null> {
  const started = performance.now();
  try {
    const answer = await call();
    endpoint.record(answer.status, performance.now() - started);
    return answer;
  } catch (error) {
    endpoint.recordFailure(error as NodeJS.ErrnoException, performance.now() - started);
    return null;
  }
}

interface StartedUpload {
  footageId: string;
  uploadId: string;
  partSize: number;
  parts: Array<{ partNumber: number; url: string }>;
}

/**
 * The docks' side of a shift's end: each announces its recording, PUTs the parts straight to the
 * presigned URLs (at most `partsInFlight` parts in flight across all docks) and completes the
 * upload. A dock stops at its first unexpected answer, which its endpoint counts.
 */
export class ShiftEnd {
  readonly announce = new Endpoint('announce', 201);
  readonly parts = new Endpoint('part PUT', 200);
  readonly complete = new Endpoint('complete', 200);
  /** Completed uploads: footage id → when the complete was answered (epoch ms) and the bytes. */
  readonly completed = new Map<string, { at: number; size: number }>();
  announced = 0;
  lastCompleteAt = 0;
  private readonly api: Agent;
  private readonly store: Agent;
  private readonly slots: Slots;

  constructor(
    private readonly apiPort: number,
    partsInFlight: number,
  ) {
    // Idle connections close after 4 s, before the API's keep-alive timeout (5 s) could close
    // one under a request being sent.
    this.api = new Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 });
    this.store = new Agent({ keepAlive: true, maxSockets: partsInFlight, timeout: 4000 });
    this.slots = new Slots(partsInFlight);
  }

  private apiUrl(path: string): URL {
    return new URL(`http://127.0.0.1:${this.apiPort}${path}`);
  }

  private callApi(dock: Dock, path: string, body: unknown): Promise<Answer> {
    return send(
      this.api,
      this.apiUrl(path),
      'POST',
      { 'x-api-key': dock.apiKey, 'content-type': 'application/json' },
      [Buffer.from(JSON.stringify(body))],
      true,
    );
  }

  async upload(dock: Dock, file: DockFile): Promise<void> {
    const recordedTo = new Date(Date.now() - 60_000);
    const recordedFrom = new Date(recordedTo.getTime() - 15 * 60_000);
    const started = await timed(this.announce, () =>
      this.callApi(dock, '/api/v1/footage/uploads', {
        deviceId: dock.deviceId,
        fileName: `${dock.serialNumber}_${recordedFrom.toISOString().replace(/\D/g, '').slice(0, 14)}.mp4`,
        size: file.size,
        contentType: 'video/mp4',
        recordedFrom: recordedFrom.toISOString(),
        recordedTo: recordedTo.toISOString(),
        sha256: file.sha256,
      }),
    );
    this.announced++;
    if (started?.status !== this.announce.expect) return;
    const upload = started.body as StartedUpload;
    const sent = await Promise.all(upload.parts.map((part) => this.putPart(upload, part, file)));
    if (sent.some((etag) => etag === null)) return;
    const done = await timed(this.complete, () =>
      this.callApi(
        dock,
        `/api/v1/footage/uploads/${encodeURIComponent(upload.uploadId)}/complete`,
        {
          parts: upload.parts.map((p, i) => ({ partNumber: p.partNumber, etag: sent[i] })),
        },
      ),
    );
    if (done?.status !== this.complete.expect) return;
    this.lastCompleteAt = Date.now();
    this.completed.set(upload.footageId, { at: this.lastCompleteAt, size: file.size });
  }

  /** PUTs one part to its presigned URL once a slot is free; its ETag, or null when refused. */
  private async putPart(
    upload: StartedUpload,
    part: { partNumber: number; url: string },
    file: DockFile,
  ): Promise<string | null> {
    await this.slots.take();
    try {
      const start = (part.partNumber - 1) * upload.partSize;
      const bytes = byteRange(file, start, Math.min(file.size, start + upload.partSize));
      const answer = await timed(this.parts, () =>
        send(this.store, new URL(part.url), 'PUT', {}, bytes),
      );
      const etag = answer?.headers.etag;
      return answer?.status === this.parts.expect && typeof etag === 'string' ? etag : null;
    } finally {
      this.slots.give();
    }
  }

  close(): void {
    this.api.destroy();
    this.store.destroy();
  }
}
