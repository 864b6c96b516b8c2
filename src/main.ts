import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { armShutdownDeadline, bindFailure, createApiApp, loadConfigOrExit } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  armShutdownDeadline(config);
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    const line = bindFailure(error, config.port, 'PORT');
    if (!line) throw error;
    console.error(line);
    process.exit(1);
  }
  new Logger('Main').log({ msg: 'api listening', url: config.publicUrl, port: config.port });
}

main().catch((error: unknown) => {
  new Logger('Main').error(
    { msg: 'api failed to start' },
    error instanceof Error ? error.stack : String(error),
  );
  process.exit(1);
});
