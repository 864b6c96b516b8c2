import { Injectable } from '@nestjs/common';
import { UserActor } from '../auth/roles';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { authRefusal, endpointRefusal, p256dhRefusal } from './push-endpoint';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';
import { PushSubscriptionDto } from './push.dto';
import { PushPublicKeyView, PushSubscriptionView } from './push.views';

const PUSH_OFF = 'Web Push is not set up on this server';

/** Devices subscribing to Web Push, and the key they subscribe with. */
@Injectable()
export class PushService {
  constructor(
    private readonly config: AppConfig,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly clock: Clock,
  ) {}

  publicKey(): PushPublicKeyView {
    const vapid = this.config.push.vapid;
    if (!vapid) throw new AppError(ErrorCode.NotFound, `${PUSH_OFF}: there is no public key`);
    return { publicKey: vapid.publicKey };
  }

  async subscribe(dto: PushSubscriptionDto, actor: UserActor): Promise<PushSubscriptionView> {
    if (!this.config.push.vapid) throw AppError.conflict(PUSH_OFF);
    const problem =
      field('endpoint', endpointRefusal(dto.endpoint, this.config.push.allowedHosts)) ??
      field('keys.p256dh', p256dhRefusal(dto.keys.p256dh)) ??
      field('keys.auth', authRefusal(dto.keys.auth));
    if (problem) throw AppError.invalid(problem.field, problem.message);
    const id = await this.subscriptions.save(
      actor.id,
      dto.endpoint,
      dto.keys,
      this.clock.now(),
      actor.sessionId,
    );
    if (id === null)
      throw AppError.conflict(
        'This push endpoint belongs to a device of another account; subscribe from the browser itself',
        'endpoint',
      );
    return { id };
  }

  async unsubscribe(id: string, actor: UserActor): Promise<void> {
    if (!(await this.subscriptions.removeOwn(id, actor.id)))
      throw AppError.notFound('Push subscription');
  }
}

function field(name: string, message: string | null) {
  return message === null ? null : { field: name, message };
}
