import { Redis } from 'ioredis';
import { redisConnectionOptions } from './redis.service';

/**
 * A Redis connection of its own, subscribed to every channel matching `pattern` (which ends in
 * `*`); `onMessage` gets the part of the channel's name the star stands for. It subscribes again
 * after every reconnect. Messages are only a wake-up for readers of the database, never the
 * record itself, so a lost one costs a delay, not data.
 */
export function subscribePattern(
  url: string,
  pattern: string,
  onMessage: (key: string) => void,
): Redis {
  const prefix = pattern.slice(0, -1);
  const subscriber = new Redis({ ...redisConnectionOptions(url), lazyConnect: false });
  subscriber.on('error', () => undefined);
  subscriber.on('ready', () => void subscriber.psubscribe(pattern).catch(() => undefined));
  subscriber.on('pmessage', (_pattern: string, channel: string) =>
    onMessage(channel.slice(prefix.length)),
  );
  return subscriber;
}
