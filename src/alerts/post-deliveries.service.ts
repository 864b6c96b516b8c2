import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role, UserActor } from '../auth/roles';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { Page } from '../common/pagination';
import { SecretBox } from '../common/secret-box';
import { deliveryErrorText } from './delivery-error-text';
import { DeliveryQuery, DeliveryView } from './delivery.views';
import { WebhookClient } from './webhook-client';
import { signingSecrets } from './webhook-secrets';
import { WebhookTestLimit } from './webhook-test-limit';

interface AttemptRow {
  id: string;
  alert_id: string | null;
  channel: DeliveryView['channel'];
  outcome: DeliveryView['outcome'];
  response_code: number | null;
  latency_ms: number | null;
  at: Date;
  error: string | null;
  recipient: string | null;
  receipt_status: string | null;
  receipt_at: Date | null;
}

const ATTEMPT_COLUMNS = `id::text AS id, alert_id, channel, outcome, response_code, latency_ms, at,
  error, recipient, receipt_status, receipt_at`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A post's delivery log on every channel, and the signed test event an officer sends to check the receiver. */
@Injectable()
export class PostDeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly webhooks: WebhookClient,
    private readonly limit: WebhookTestLimit,
    private readonly clock: Clock,
  ) {}

  async list(actor: UserActor, postId: string, query: DeliveryQuery): Promise<Page<DeliveryView>> {
    await this.post(actor, postId);
    const limit = query.limit ?? 50;
    const params: unknown[] = [postId];
    const where = ['police_post_id = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.alertId) add('alert_id = ?', query.alertId);
    if (query.channel) add('channel = ?', query.channel);
    if (query.cursor) add('id < ?', decodeCursor(query.cursor));
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT ${ATTEMPT_COLUMNS} FROM alert_attempts
        WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    )) as AttemptRow[];
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(viewOf),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  /**
   * Sends `webhook.test` now, signed as alerts are (both secrets during a rotation's overlap),
   * through the same client with its address checks and timeout, and records the attempt.
   */
  async sendTest(actor: UserActor, postId: string): Promise<DeliveryView> {
    const post = await this.post(actor, postId);
    if (!post.webhook_url || !post.webhook_secret_enc)
      throw new AppError(ErrorCode.RuleViolated, 'The post has no webhook to test', [
        { field: 'webhookUrl', message: 'is not set for this post' },
      ]);
    await this.limit.take(postId);
    const now = this.clock.now();
    const secrets = signingSecrets(
      this.secrets,
      {
        current: post.webhook_secret_enc,
        previous: post.webhook_previous_secret_enc,
        previousUntil: post.webhook_previous_secret_until,
      },
      now,
    );
    const result = await this.webhooks.post(post.webhook_url, secrets, `test_${randomUUID()}`, {
      type: 'webhook.test',
      policePostId: postId,
      sentAt: now.toISOString(),
    });
    const [row] = (await this.dataSource.query(
      `INSERT INTO alert_attempts (alert_id, police_post_id, channel, at, outcome, response_code, latency_ms, error)
         VALUES (NULL, $1, 'webhook', $2, $3, $4, $5, $6) RETURNING ${ATTEMPT_COLUMNS}`,
      [
        postId,
        this.clock.now(),
        result.outcome,
        result.responseCode,
        result.latencyMs,
        result.error?.slice(0, 500) ?? null,
      ],
    )) as AttemptRow[];
    return viewOf(row);
  }

  /** Admins reach every post; an officer only their own (another post reads as unknown). */
  private async post(actor: UserActor, postId: string) {
    if (actor.role !== Role.Admin && actor.policePostId !== postId)
      throw AppError.notFound('Police post');
    const [post] = (await this.dataSource.query(
      `SELECT webhook_url, webhook_secret_enc, webhook_previous_secret_enc, webhook_previous_secret_until
         FROM police_posts WHERE id = $1`,
      [postId],
    )) as Array<{
      webhook_url: string | null;
      webhook_secret_enc: Buffer | null;
      webhook_previous_secret_enc: Buffer | null;
      webhook_previous_secret_until: Date | null;
    }>;
    if (!post) throw AppError.notFound('Police post');
    return post;
  }
}

function viewOf(row: AttemptRow): DeliveryView {
  return {
    id: row.id,
    alertId: row.alert_id,
    kind: row.alert_id ? 'alert' : 'test',
    channel: row.channel,
    outcome: row.outcome,
    responseCode: row.response_code,
    latencyMs: row.latency_ms,
    at: row.at,
    error: deliveryErrorText(row.error),
    recipient: row.recipient && UUID.test(row.recipient) ? row.recipient : null,
    receiptStatus: row.receipt_status,
    receiptAt: row.receipt_at,
  };
}

function encodeCursor(id: string): string {
  return Buffer.from(`attempt:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const match = /^attempt:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw AppError.invalid('cursor', 'is not a cursor returned by this list');
  return match[1];
}
