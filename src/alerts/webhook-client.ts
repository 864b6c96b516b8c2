import { Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AppConfig } from '../config/app-config';
import { AttemptRecord } from './alert-delivery.repository';
import { webhookHeaders } from './webhook-signer';

/** Addresses a webhook may reach only when the operator allows the host by name. */
const INTERNAL = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv4');
}
INTERNAL.addAddress('::1', 'ipv6');
INTERNAL.addSubnet('fc00::', 7, 'ipv6');
INTERNAL.addSubnet('fe80::', 10, 'ipv6');

export type WebhookResult = AttemptRecord & { retryAfterMs?: number };

/** Signed webhook POSTs with a timeout, refusing internal addresses the operator has not allowed. */
@Injectable()
export class WebhookClient {
  private readonly allowed: Set<string>;
  private readonly timeoutMs: number;

  constructor(config: AppConfig) {
    this.allowed = new Set(config.alerts.webhookAllowedHosts);
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
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (this.allowed.has(host)) return null;
    const addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await lookup(host, { all: true }).catch(() => []);
    if (addresses.length === 0) return `cannot resolve ${host}`;
    const internal = addresses.find((a) =>
      INTERNAL.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4'),
    );
    return internal
      ? `${host} resolves to an internal address; allow it in WEBHOOK_ALLOWED_HOSTS`
      : null;
  }
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
