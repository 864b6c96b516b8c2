import { AppConfig, ConfigError } from './config/app-config';

/*
 * What a process does before and after its application: read the configuration (and stop with one
 * line when it is wrong), say plainly when a port is taken, and bound a graceful shutdown. This
 * file loads nothing of the application, so a bad setting stops a process at once.
 */

/** Reads the configuration or stops the process with one line naming the bad variable. */
export function loadConfigOrExit(): AppConfig {
  // The SDK's notice about future Node versions is not actionable at run time.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    return AppConfig.fromEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * The one line a process prints when a listener cannot have its port (another stack on the
 * machine, a privileged port), or null when the error is something else.
 */
export function bindFailure(error: unknown, port: number, variable: string): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE')
    return `Cannot start: port ${port} (${variable}) is already in use; choose another with ${variable}`;
  if (code === 'EACCES')
    return `Cannot start: port ${port} (${variable}) may not be bound by this user; choose another with ${variable}`;
  return null;
}

/** Forces the exit if a graceful shutdown hangs past its budget. */
export function armShutdownDeadline(config: AppConfig): void {
  const arm = () => setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}
