import { Logger } from '@nestjs/common';
import { createApiApp } from './bootstrap';
import { AppConfig } from './config/app-config';
import { armShutdownDeadline, bindFailure } from './process-lifecycle';

/** Starts the API on its port; the process ends with one line when it cannot. */
export async function runApi(config: AppConfig): Promise<void> {
  try {
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
  } catch (error) {
    new Logger('Main').error(
      { msg: 'api failed to start' },
      error instanceof Error ? error.stack : String(error),
    );
    process.exit(1);
  }
}
