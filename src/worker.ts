import 'reflect-metadata';
import { createServer } from 'node:http';
import type { Registry } from 'prom-client';
import { AppConfig } from './config/app-config';
import { bindFailure, loadConfigOrExit } from './process-lifecycle';

/**
 * The metrics listener, bound before anything else starts: a taken port stops the worker at once
 * with one line, instead of a crash after its queues are already running.
 */
async function listenForMetrics(config: AppConfig): Promise<((registry: Registry) => void) | null> {
  if (!config.workerMetricsPort) return null;
  let registry: Registry | null = null;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics' || !registry) return void res.writeHead(404).end();
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry!.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(config.workerMetricsPort, config.host, () => {
        server.off('error', fail);
        ok();
      });
    });
  } catch (error) {
    const line = bindFailure(error, config.workerMetricsPort, 'WORKER_METRICS_PORT');
    if (!line) throw error;
    console.error(line);
    process.exit(1);
  }
  // Never the reason the process stays up once the worker has shut down.
  server.unref();
  return (r) => (registry = r);
}

const config = loadConfigOrExit();
// The worker is loaded once its configuration holds and its metrics port is bound: a bad setting
// or a taken port stops the process at once.
void listenForMetrics(config).then(async (metrics) => {
  const { runWorker } = await import('./worker-process.js');
  await runWorker(config, metrics);
});
