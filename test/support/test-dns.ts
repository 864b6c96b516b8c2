import { INestApplicationContext } from '@nestjs/common';
import { HostResolver, ResolvedAddress } from '../../src/common/host-resolver';

/** A scripted DNS answer: addresses, an error code such as ENOTFOUND, or no answer at all. */
export type DnsAnswer = string[] | { error: string } | 'no answer';

/**
 * Stands in for DNS in the given processes (an API and its worker): `answer` is asked for every
 * lookup, in the order the processes make them, and a host it returns undefined for goes to the
 * real resolver. One function for all processes, so a test can script a name whose answer
 * changes between one lookup and the next. Returns a function that puts the real resolver back.
 */
export function answerDns(
  apps: INestApplicationContext[],
  answer: (host: string) => DnsAnswer | undefined,
): () => void {
  const restores = apps.map((app) => {
    const resolver = app.get(HostResolver);
    const real = resolver.lookup.bind(resolver);
    const spy = jest
      .spyOn(resolver, 'lookup')
      .mockImplementation(async (host: string): Promise<ResolvedAddress[]> => {
        const scripted = answer(host);
        if (scripted === undefined) return real(host);
        if (scripted === 'no answer') return new Promise(() => undefined);
        if ('error' in scripted)
          throw Object.assign(new Error(`getaddrinfo ${scripted.error} ${host}`), {
            code: scripted.error,
          });
        return scripted.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      });
    return () => spy.mockRestore();
  });
  return () => restores.forEach((restore) => restore());
}
