import { Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import { HostResolver, ResolvedAddress } from '../common/host-resolver';
import { refusedRange } from '../common/ip-ranges';
import { AppConfig } from '../config/app-config';
import { hostKey, hostListed, isLoopbackHost } from './push-endpoint';

/** A connection to a push service the push rules refuse; the message is for the attempt's record. */
export class PushAddressRefused extends Error {
  override readonly name = 'PushAddressRefused';
}

/**
 * Which addresses a push may connect to, judged at connect time on the answer the socket then
 * uses: the host must be in PUSH_ALLOWED_HOSTS, and a listed name must resolve to public
 * addresses only (`localhost` to loopback only), so a DNS answer that turned a push service's
 * name into an internal address cannot lead inside. Address literals reach only themselves, and
 * only when listed.
 */
@Injectable()
export class PushTargets {
  private readonly allowed: readonly string[];

  constructor(
    config: AppConfig,
    private readonly resolver: HostResolver,
  ) {
    this.allowed = config.push.allowedHosts;
  }

  async connectAddresses(host: string): Promise<ResolvedAddress[]> {
    const key = hostKey(host);
    if (!hostListed(key, this.allowed))
      throw new PushAddressRefused(`${key} is not in PUSH_ALLOWED_HOSTS`);
    const family = isIP(key);
    if (family) return [{ address: key, family: family === 6 ? 6 : 4 }];
    const addresses = await this.resolver.lookup(key);
    const loopbackName = isLoopbackHost(key);
    for (const { address } of addresses) {
      const range = refusedRange(address);
      if (loopbackName ? !isLoopbackHost(address) : range)
        throw new PushAddressRefused(
          `${key} resolves to ${address}, not a ${loopbackName ? 'loopback' : 'public'} address${range ? ` (${range})` : ''}`,
        );
    }
    if (addresses.length === 0) throw new PushAddressRefused(`cannot resolve ${key}`);
    return addresses;
  }
}
