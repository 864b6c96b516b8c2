import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import { generateRequestDetails } from 'web-push';
import { checkedConnector } from '../alerts/checked-connector';
import { AppConfig } from '../config/app-config';
import { endpointRefusal } from './push-endpoint';
import { PushTarget } from './push-subscriptions.repository';
import { PushAddressRefused, PushTargets } from './push-targets';

export interface PushResult {
  outcome: 'delivered' | 'failed' | 'timeout' | 'gone' | 'blocked';
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
  /** Worth sending again later: the service was down, busy or slow (5xx, 429, 408, timeouts). */
  retryable: boolean;
  retryAfterMs?: number;
}

export interface PushOptions {
  ttlSeconds: number;
  urgency: 'high' | 'normal';
  topic: string;
}

const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Web Push requests (RFC 8030): the VAPID JWT (RFC 8292) and the aes128gcm body (RFC 8291) are
 * made by `web-push`, and sent here with undici over connections that reach only the addresses
 * the push rules accept (see PushTargets), with a timeout. Redirects are not followed.
 */
@Injectable()
export class PushSender implements OnApplicationShutdown {
  private readonly timeoutMs: number;
  private readonly agent: Agent;

  constructor(
    private readonly config: AppConfig,
    targets: PushTargets,
  ) {
    this.timeoutMs = config.alerts.webhookTimeoutMs;
    this.agent = new Agent({ connect: checkedConnector(targets, this.timeoutMs) });
  }

  async send(target: PushTarget, payload: object, options: PushOptions): Promise<PushResult> {
    const vapid = this.config.push.vapid;
    if (!vapid) return blocked('Web Push is not set up');
    const refusal = endpointRefusal(target.endpoint, this.config.push.allowedHosts);
    if (refusal) return blocked(`endpoint ${refusal}`);
    const started = Date.now();
    try {
      const details = generateRequestDetails(
        { endpoint: target.endpoint, keys: target.keys },
        JSON.stringify(payload),
        {
          vapidDetails: vapid,
          TTL: options.ttlSeconds,
          urgency: options.urgency,
          topic: options.topic,
          contentEncoding: 'aes128gcm',
        },
      );
      const res = await request(details.endpoint, {
        dispatcher: this.agent,
        method: 'POST',
        headers: details.headers as Record<string, string>,
        body: details.body ?? undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body.dump({ limit: BODY_LIMIT_BYTES }).catch(() => undefined);
      const latencyMs = Date.now() - started;
      const status = res.statusCode;
      if (status >= 200 && status < 300)
        return {
          outcome: 'delivered',
          responseCode: status,
          latencyMs,
          error: null,
          retryable: false,
        };
      const gone = status === 404 || status === 410;
      return {
        outcome: gone ? 'gone' : 'failed',
        responseCode: status,
        latencyMs,
        error: `HTTP ${status}`,
        retryable: status >= 500 || status === 429 || status === 408,
        retryAfterMs: parseRetryAfter(res.headers['retry-after']),
      };
    } catch (error) {
      if (error instanceof PushAddressRefused) return blocked(error.message);
      const timedOut = (error as Error).name === 'TimeoutError';
      return {
        outcome: timedOut ? 'timeout' : 'failed',
        responseCode: null,
        latencyMs: Date.now() - started,
        error: timedOut ? `no answer within ${this.timeoutMs} ms` : (error as Error).message,
        retryable: true,
      };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

function blocked(error: string): PushResult {
  return { outcome: 'blocked', responseCode: null, latencyMs: 0, error, retryable: false };
}

function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (!first) return undefined;
  if (/^\d+$/.test(first)) return Number(first) * 1000;
  const at = Date.parse(first);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
