import { Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import { HostResolver } from '../common/host-resolver';
import { AppConfig } from '../config/app-config';
import { AttemptRecord } from './alert-delivery.repository';
import { webhookHeaders } from './webhook-signer';
import { addressesRefusal, allowedHostSet, hostKey, webhookUrlRefusal } from './webhook-target';

export type WebhookResult = AttemptRecord & { retryAfterMs?: number };

/** Signed webhook POSTs with a timeout, refusing internal addresses the operator has not allowed. */
@Injectable()
export class WebhookClient {
  private readonly allowed: ReadonlySet<string>;
  private readonly timeoutMs: number;

  constructor(
    config: AppConfig,
    private readonly resolver: HostResolver,
  ) {
    this.allowed = allowedHostSet(config.alerts.webhookAllowedHosts);
    this.timeoutMs = config.alerts.webhookTimeoutMs;
  }

  async post(url: string, secret: string, id: string, payload: unknown): Promise<WebhookResult> {
    const started = Date.now();
    const blocked = await this.refusal(url);
    if (blocked) return { outcome: 'blocked', responseCode: null, latencyMs: 0, error: blocked };
    const body = JSON.stringify(payload);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: webhookHeaders(secret, id, body),
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      const latencyMs = Date.now() - started;
      if (res.status >= 200 && res.status < 300)
        return { outcome: 'delivered', responseCode: res.status, latencyMs, error: null };
      return {
        outcome: res.status === 410 ? 'gone' : 'failed',
        responseCode: res.status,
        latencyMs,
        error: `HTTP ${res.status}`,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
      };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      return {
        outcome: timedOut ? 'timeout' : 'failed',
        responseCode: null,
        latencyMs: Date.now() - started,
        error: timedOut ? `no answer within ${this.timeoutMs} ms` : (error as Error).message,
      };
    }
  }

  /** Why the URL may not be called, or null when it may. */
  private async refusal(url: string): Promise<string | null> {
    const fromUrl = webhookUrlRefusal(url, this.allowed);
    const host = hostKey(new URL(url).hostname);
    if (fromUrl || this.allowed.has(host) || isIP(host)) return fromUrl;
    const addresses = await this.resolver.lookup(host).catch(() => []);
    return addressesRefusal(
      host,
      addresses.map((a) => a.address),
    );
  }
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
