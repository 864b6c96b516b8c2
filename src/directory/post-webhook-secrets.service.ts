import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newWebhookSecret, SECRET_OVERLAP_MS } from '../alerts/webhook-secrets';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { SecretBox } from '../common/secret-box';
import { WebhookSecretView } from './police-post.views';

/**
 * Rotation of a post's webhook signing secret. The replaced secret keeps signing beside the new
 * one for SECRET_OVERLAP_MS, so the receiver can switch without missing an alert; a rotation
 * during an overlap drops the oldest, so at most two secrets ever sign. Rotations of one post
 * take its row lock in turn, so concurrent ones leave the last two answered secrets as the pair.
 */
@Injectable()
export class PostWebhookSecrets {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  rotate(postId: string, caller: Caller): Promise<WebhookSecretView> {
    const secret = newWebhookSecret();
    const sealed = this.secrets.seal(secret);
    return this.dataSource.transaction(async (m) => {
      const [post] = (await m.query(
        `SELECT webhook_secret_enc FROM police_posts WHERE id = $1 FOR UPDATE`,
        [postId],
      )) as Array<{ webhook_secret_enc: Buffer | null }>;
      if (!post) throw AppError.notFound('Police post');
      const now = this.clock.now();
      const previous = post.webhook_secret_enc;
      const until = previous ? new Date(now.getTime() + SECRET_OVERLAP_MS) : null;
      // A new secret is a new chance for an endpoint that answered 410 Gone, as when it is set.
      await m.query(
        `UPDATE police_posts SET webhook_secret_enc = $2, webhook_previous_secret_enc = $3,
           webhook_previous_secret_until = $4, webhook_disabled_at = NULL, updated_at = $5
         WHERE id = $1`,
        [postId, sealed, previous, until, now],
      );
      await this.audit.record(m, caller, {
        action: 'police_post.webhook_secret_rotated',
        entityType: 'police_post',
        entityId: postId,
        details: { previousSecretSignsUntil: until?.toISOString() ?? null },
      });
      return { webhookSecret: secret, previousSecretSignsUntil: until };
    });
  }
}
