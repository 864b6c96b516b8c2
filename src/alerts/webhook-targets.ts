import { Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import { HostResolver, ResolvedAddress } from '../common/host-resolver';
import { AppConfig } from '../config/app-config';
import {
  addressesRefusal,
  allowedHostSet,
  hostKey,
  literalRefusal,
  WebhookAddressRefused,
  webhookUrlRefusal,
} from './webhook-target';

/** How long saving a post waits for its webhook host's DNS answer. */
const SAVE_LOOKUP_MS = 3000;

/**
 * The webhook rules applied with the operator's allow-list and the resolver: once when a URL is
 * saved, and again on every connection a delivery opens, to the addresses it then connects to.
 */
@Injectable()
export class WebhookTargets {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    config: AppConfig,
    private readonly resolver: HostResolver,
  ) {
    this.allowed = allowedHostSet(config.alerts.webhookAllowedHosts);
  }

  /** Why a URL may not be called, judged on the URL alone (no DNS). */
  urlRefusal(url: string): string | null {
    return webhookUrlRefusal(url, this.allowed);
  }

  /**
   * Why a URL may not be saved: the URL rules, then the host's current DNS answer. A name that
   * does not resolve (yet) is accepted, since a police receiver may be set up after its post;
   * every delivery checks the addresses it connects to anyway.
   */
  async saveRefusal(url: string): Promise<string | null> {
    const fromUrl = this.urlRefusal(url);
    if (fromUrl) return fromUrl;
    const host = hostKey(new URL(url).hostname);
    if (this.allowed.has(host) || isIP(host)) return null;
    const addresses = await answerWithin(this.resolver.lookup(host), SAVE_LOOKUP_MS).catch(
      () => [],
    );
    if (addresses.length === 0) return null;
    return addressesRefusal(
      host,
      addresses.map((a) => a.address),
    );
  }

  /**
   * The addresses a connection to `host` may use, resolved now; refuses with
   * WebhookAddressRefused when any address is internal and the host is not listed, so a DNS
   * answer that changed since the URL was checked cannot lead inside.
   */
  async connectAddresses(host: string): Promise<ResolvedAddress[]> {
    const key = hostKey(host);
    const family = isIP(key);
    if (family) {
      const refusal = this.allowed.has(key) ? null : literalRefusal(key);
      if (refusal) throw new WebhookAddressRefused(refusal);
      return [{ address: key, family: family === 6 ? 6 : 4 }];
    }
    const addresses = await this.resolver.lookup(key);
    if (this.allowed.has(key)) return addresses;
    const refusal = addressesRefusal(
      key,
      addresses.map((a) => a.address),
    );
    if (refusal) throw new WebhookAddressRefused(refusal);
    return addresses;
  }
}

function answerWithin<T>(answer: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no DNS answer within ${ms} ms`)), ms);
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}
