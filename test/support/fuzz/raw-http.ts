import { connect } from 'node:net';

/** A request as bytes on the wire: nothing is checked or normalised on the way out. */
export interface RawRequest {
  method: string;
  /** The request target exactly as sent (path and query, percent-encoded or not). */
  target: string | Buffer;
  headers: Array<[string, string | Buffer]>;
  body?: Buffer;
  /** Content-Length to announce instead of the body's length (a body cut short). */
  announcedLength?: number;
}

/**
 * What came back: the status line's code, the start of the body for the report, or how the
 * connection ended without an answer.
 */
export type RawAnswer =
  | { status: number; body: string }
  | { status: 'reset' | 'closed' | 'refused' | 'timeout'; body: string };

const CRLF = '\r\n';
const KEEP = 600;

/** The bytes of an HTTP/1.1 request; `Connection: close` so the answer ends with the socket. */
export function encodeRequest(req: RawRequest): Buffer {
  const body = req.body ?? Buffer.alloc(0);
  const parts: Buffer[] = [
    Buffer.from(`${req.method} `),
    Buffer.isBuffer(req.target) ? req.target : Buffer.from(req.target, 'latin1'),
    Buffer.from(` HTTP/1.1${CRLF}`),
  ];
  for (const [name, value] of req.headers)
    parts.push(
      Buffer.from(`${name}: `),
      Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'),
      Buffer.from(CRLF),
    );
  if (req.body !== undefined || req.announcedLength !== undefined)
    parts.push(Buffer.from(`Content-Length: ${req.announcedLength ?? body.length}${CRLF}`));
  parts.push(Buffer.from(`Connection: close${CRLF}${CRLF}`), body);
  return Buffer.concat(parts);
}

/**
 * Sends one request over its own connection and reads the answer's status. A streamed answer
 * (server-sent events) is cut off once its head has arrived; a 5xx is read to its end (up to a
 * limit) so the report can show it.
 */
export function sendRaw(port: number, req: RawRequest, timeoutMs = 15_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    let status: number | undefined;
    let settled = false;
    const finish = (answer: RawAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const bodyText = () => {
      const head = received.indexOf('\r\n\r\n');
      return received
        .subarray(head < 0 ? 0 : head + 4, (head < 0 ? 0 : head + 4) + KEEP)
        .toString();
    };
    const timer = setTimeout(
      () =>
        finish(
          status === undefined ? { status: 'timeout', body: '' } : { status, body: bodyText() },
        ),
      timeoutMs,
    );
    socket.on('connect', () => {
      // The server may answer and close before it has read everything (413, 431): not an error.
      socket.write(encodeRequest(req), () => undefined);
      if (req.announcedLength !== undefined) socket.end();
    });
    socket.on('data', (chunk: Buffer) => {
      if (received.length < 64 * 1024) received = Buffer.concat([received, chunk]);
      if (status === undefined) {
        const line = /^HTTP\/1\.[01] (\d{3})/.exec(received.toString('latin1', 0, 16));
        if (line) status = Number(line[1]);
      }
      const headDone = received.indexOf('\r\n\r\n') >= 0;
      if (status !== undefined && status < 500 && headDone) finish({ status, body: bodyText() });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (status !== undefined) return finish({ status, body: bodyText() });
      finish({
        status: error.code === 'ECONNREFUSED' ? 'refused' : 'reset',
        body: String(error.code ?? error.message),
      });
    });
    socket.on('close', () =>
      finish(status === undefined ? { status: 'closed', body: '' } : { status, body: bodyText() }),
    );
  });
}
