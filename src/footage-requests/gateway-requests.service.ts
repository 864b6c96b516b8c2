import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, DeviceActor } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { DeclineRequestDto, GatewayRequestsQuery } from './footage-request.dto';
import { FootageRequestView, GatewayRequestView } from './footage-request.views';
import { FootageRequestsRepository } from './footage-requests.repository';
import { awaitsDevice, waitSeconds } from './request-status';
import { gatewayView, requestView } from './request-view';
import { AppConfig } from '../config/app-config';
import { FootageRequestWaiters } from './request-waiters';

/** The most times one poll reads again on nudges about other requests before it answers. */
const MAX_ROUNDS = 200;

/** What device gateways do with their requests: fetch them (waiting for new ones) and decline them. */
@Injectable()
export class GatewayRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: FootageRequestsRepository,
    private readonly waiters: FootageRequestWaiters,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * The unit's open requests. With none and a `wait`, the answer is held until a request is made
   * for the unit (in any API process), the wait ends (`[]`), the client hangs up, or the process
   * stops; the wait is network time, not application time, so it runs on the real clock.
   */
  async awaiting(
    caller: Caller<DeviceActor>,
    query: GatewayRequestsQuery,
    gone: AbortSignal,
  ): Promise<GatewayRequestView[]> {
    const unitId = caller.actor.unitId;
    const read = async () =>
      (await this.requests.awaitingForUnit(unitId, this.clock.now())).map(gatewayView);
    const first = await read();
    const seconds = waitSeconds(query.wait, this.config.footageRequests.pollSeconds);
    if (first.length > 0 || seconds === 0) return first;
    const deadline = Date.now() + seconds * 1000;
    let nudged: boolean;
    let wake = () => undefined as void;
    const release = this.waiters.hold(caller.actor.apiKeyId, unitId, () => {
      nudged = true;
      wake();
    });
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        // Read after holding the place, so a request made since the first read is not missed.
        nudged = false;
        const found = await read();
        const left = deadline - Date.now();
        if (found.length > 0 || left <= 0 || gone.aborted || this.waiters.closing) return found;
        if (nudged) continue;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            gone.removeEventListener('abort', done);
            wake = () => undefined;
            resolve();
          };
          const timer = setTimeout(done, left);
          gone.addEventListener('abort', done, { once: true });
          wake = done;
        });
      }
      return [];
    } finally {
      release();
    }
  }

  /** Declines a request of the unit's devices still awaiting them; another unit's reads as unknown. */
  async decline(
    caller: Caller<DeviceActor>,
    id: string,
    dto: DeclineRequestDto,
  ): Promise<FootageRequestView> {
    return this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      const request = await this.requests.locked(m, id, now);
      if (!request || request.unitId !== caller.actor.unitId)
        throw AppError.notFound('Footage request');
      if (!awaitsDevice(request.status))
        throw AppError.conflict(`The footage request is ${request.status}; it cannot be declined`);
      await m.query(
        `UPDATE footage_requests SET declined_at = $2, decline_reason = $3 WHERE id = $1`,
        [id, now, dto.reason],
      );
      await this.audit.record(m, caller, {
        action: 'footage_request.declined',
        entityType: 'footage_request',
        entityId: id,
        details: { incidentId: request.incidentId, reason: dto.reason },
      });
      return requestView(await this.requests.byId(m, id, now));
    });
  }
}
