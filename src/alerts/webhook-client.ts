import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import { AppConfig } from '../config/app-config';
import { AttemptRecord } from './alert-delivery.repository';
import { checkedConnector } from './checked-connector';
import { deliveryErrorText } from './delivery-error-text';
import { webhookHeaders } from './webhook-signer';
import { WebhookAddressRefused } from './webhook-target';
import { WebhookTargets } from './webhook-targets';

export type WebhookResult = AttemptRecord & { retryAfterMs?: number };

/** The most of a receiver's answer body read before the connection is let go. */
const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Signed webhook POSTs with a timeout, over connections that reach only the addresses the
 * webhook rules accept (see checkedConnector). Redirects are not followed.
 */
@Injectable()
export class WebhookClient implements OnApplicationShutdown {
  private readonly timeoutMs: number;
  private readonly agent: Agent;

  constructor(
    config: AppConfig,
    private readonly targets: WebhookTargets,
  ) {
    this.timeoutMs = config.alerts.webhookTimeoutMs;
    this.agent = new Agent({ connect: checkedConnector(targets, this.timeoutMs) });
  }

  async post(
    url: string,
    secrets: readonly string[],
    id: string,
    payload: unknown,
  ): Promise<WebhookResult> {
    const started = Date.now();
    const refusal = this.targets.urlRefusal(url);
    if (refusal) return blocked(refusal);
    const body = JSON.stringify(payload);
    try {
      const res = await request(url, {
        dispatcher: this.agent,
        method: 'POST',
        headers: webhookHeaders(secrets, id, body),
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body.dump({ limit: BODY_LIMIT_BYTES }).catch(() => undefined);
      const latencyMs = Date.now() - started;
      const status = res.statusCode;
      if (status >= 200 && status < 300)
        return { outcome: 'delivered', responseCode: status, latencyMs, error: null };
      return {
        outcome: status === 410 ? 'gone' : 'failed',
        responseCode: status,
        latencyMs,
        error: `HTTP ${status}`,
        retryAfterMs: parseRetryAfter(firstHeader(res.headers['retry-after'])),
      };
    } catch (error) {
      if (error instanceof WebhookAddressRefused) return blocked(error.message);
      const timedOut = (error as Error).name === 'TimeoutError';
      return {
        outcome: timedOut ? 'timeout' : 'failed',
        responseCode: null,
        latencyMs: Date.now() - started,
        error: timedOut
          ? `no answer within ${this.timeoutMs} ms`
          : deliveryErrorText((error as Error).message),
      };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

function blocked(error: string): WebhookResult {
  return { outcome: 'blocked', responseCode: null, latencyMs: 0, error };
}

function firstHeader(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
