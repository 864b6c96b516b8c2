import { INestApplicationContext } from '@nestjs/common';
import { Clock } from '../../src/common/clock';

/**
 * Moves the application's clock in the given processes (an API and its worker), so a test reaches
 * a deadline without waiting for it. Returns a function that puts the real clock back.
 */
export function shiftClock(apps: INestApplicationContext[], byMs: number): () => void {
  const restores = apps.map((app) => {
    const clock = app.get(Clock);
    const spy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(Date.now() + byMs));
    return () => spy.mockRestore();
  });
  return () => restores.forEach((restore) => restore());
}
