import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, UserActor } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { CreateFootageRequestDto, MAX_WINDOW_HOURS } from './footage-request.dto';
import { FootageRequestView } from './footage-request.views';
import { FootageRequestsRepository } from './footage-requests.repository';
import { FootageRequestNotifier } from './request-notifier';
import { awaitsDevice } from './request-status';
import { requestView } from './request-view';

/** An incident's footage requests: those its filing made, and those people ask for by hand. */
@Injectable()
export class IncidentRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly requests: FootageRequestsRepository,
    private readonly notifier: FootageRequestNotifier,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async ofIncident(caller: Caller<UserActor>, incidentId: string): Promise<FootageRequestView[]> {
    await this.incidents.findVisible(caller.actor, incidentId);
    return (await this.requests.ofIncident(incidentId, this.clock.now())).map(requestView);
  }

  /**
   * Asks a device of the incident's facility for a window. The incident stays locked until the
   * request is written, so the same window asked twice at once makes one request; asked again
   * while it is still awaited, 409.
   */
  async request(
    caller: Caller<UserActor>,
    incidentId: string,
    dto: CreateFootageRequestDto,
  ): Promise<FootageRequestView> {
    const from = new Date(dto.from);
    const to = new Date(dto.to);
    if (to <= from) throw AppError.invalid('to', 'must be after from');
    if (to.getTime() - from.getTime() > MAX_WINDOW_HOURS * 3600_000)
      throw AppError.invalid('to', `must be at most ${MAX_WINDOW_HOURS} hours after from`);
    const { view, unitId } = await this.dataSource.transaction(async (m) => {
      const incident = await this.incidents.findVisible(caller.actor, incidentId, m, true);
      const [device] = (await m.query(
        `SELECT d.id, d.serial_number, d.unit_id FROM devices d JOIN units u ON u.id = d.unit_id
          WHERE d.id = $1 AND u.facility_id = $2`,
        [dto.deviceId, incident.facilityId],
      )) as Array<{ id: string; serial_number: string; unit_id: string }>;
      if (!device) throw AppError.invalid('deviceId', "is not a device of the incident's facility");
      const now = this.clock.now();
      const same = (await this.requests.ofIncident(incidentId, now)).find(
        (r) =>
          r.deviceId === device.id &&
          r.from.getTime() === from.getTime() &&
          r.to.getTime() === to.getTime() &&
          awaitsDevice(r.status),
      );
      if (same) throw AppError.conflict('This device is already asked for this window', 'deviceId');
      const expiresAt = new Date(
        now.getTime() + this.config.footageRequests.expiryHours * 3600_000,
      );
      const [{ id }] = (await m.query(
        `INSERT INTO footage_requests (incident_id, device_id, device_serial, window_from, window_to,
           origin, requested_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, 'person', $6, $7, $8) RETURNING id`,
        [incidentId, device.id, device.serial_number, from, to, caller.actor.id, now, expiresAt],
      )) as Array<{ id: string }>;
      await this.audit.record(m, caller, {
        action: 'footage_request.created',
        entityType: 'footage_request',
        entityId: id,
        details: { incidentId, deviceId: device.id },
      });
      return { view: requestView(await this.requests.byId(m, id, now)), unitId: device.unit_id };
    });
    await this.notifier.nudge([unitId]);
    return view;
  }
}
