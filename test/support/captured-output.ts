/**
 * Collects what this process writes to stdout (the JSON log lines of an app started in the test)
 * while still passing it through, so a test can read the log an operator would read.
 */
export interface CapturedOutput {
  /** Lines written since the capture started (or since the last `clear`). */
  lines(): string[];
  /** The JSON log entries among them at the given level. */
  entriesAt(level: string): Array<Record<string, unknown>>;
  clear(): void;
  restore(): void;
}

export function captureStdout(): CapturedOutput {
  const original = process.stdout.write;
  let buffer = '';
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    buffer += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof process.stdout.write;
  const lines = () => buffer.split('\n').filter(Boolean);
  return {
    lines,
    entriesAt: (level) =>
      lines()
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            return { unparsed: line };
          }
        })
        .filter((entry) => entry.level === level),
    clear: () => void (buffer = ''),
    restore: () => void (process.stdout.write = original),
  };
}
