import { createServer, Server } from 'node:net';
import { freePort } from '../src/local/services';
import { appEnv, runNode } from './support/run-node';
import { createTestDatabase } from './support/test-app';

/** A listener of another program (a second stack, a demo left running) on the port we want. */
async function occupy(): Promise<{ port: number; server: Server }> {
  const port = await freePort();
  const server = createServer();
  await new Promise<void>((ok) => server.listen(port, '0.0.0.0', ok));
  return { port, server };
}

describe('a port that is taken', () => {
  it.each([
    ['worker.js', 'WORKER_METRICS_PORT'],
    ['main.js', 'PORT'],
  ])('stops %s with one line naming %s, never a stack trace', async (script, variable) => {
    const { port, server } = await occupy();
    try {
      const result = await runNode(
        script,
        appEnv({ DATABASE_URL: await createTestDatabase(), [variable]: String(port) }),
      );
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toEqual([
        `Cannot start: port ${port} (${variable}) is already in use; choose another with ${variable}`,
      ]);
      expect(result.stdout).not.toMatch(/\n\s+at /);
    } finally {
      server.close();
    }
  });
});
