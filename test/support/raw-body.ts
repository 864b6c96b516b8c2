import type { Response } from 'superagent';

/** A supertest parser that keeps the body as bytes, whatever its type (files, CSV, XLSX). */
export function rawBody(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
