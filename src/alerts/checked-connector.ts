import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP, LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { WebhookTargets } from './webhook-targets';

/**
 * Opens webhook connections only to addresses the webhook rules accept, judged on the answer the
 * socket then connects with: the host is resolved once, at connect time, every address in the
 * answer is checked, and only checked addresses reach the socket, so a DNS answer that changes
 * after a URL was checked (rebinding) cannot lead inside. TLS still verifies the certificate
 * against the host name, which is also sent as SNI.
 */
export function checkedConnector(
  targets: Pick<WebhookTargets, 'connectAddresses'>,
  timeoutMs: number,
): buildConnector.connector {
  const lookup: LookupFunction = (hostname: string, options: LookupOptions, callback) => {
    const family = familyNumber(options.family);
    targets.connectAddresses(hostname).then(
      (addresses) => {
        const usable = addresses.filter((a) => !family || a.family === family);
        if (usable.length === 0) return callback(notFound(hostname, family), options.all ? [] : '');
        if (options.all) return callback(null, usable as LookupAddress[]);
        callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : ''),
    );
  };
  const connect = buildConnector({ timeout: timeoutMs, lookup });
  return (options, callback) => {
    // A socket given an address literal skips the lookup, so the literal is checked here.
    if (isIP(options.hostname)) {
      targets.connectAddresses(options.hostname).then(
        () => connect(options, callback),
        (error: Error) => callback(error, null),
      );
      return;
    }
    connect(options, callback);
  };
}

function familyNumber(family: LookupOptions['family']): number {
  if (family === 'IPv4') return 4;
  if (family === 'IPv6') return 6;
  return family ?? 0;
}

function notFound(hostname: string, family: number): NodeJS.ErrnoException {
  return Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' });
}
