import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../auth/roles';
import { AppError } from '../common/app-error';
import { FootageRequestsRepository } from './footage-requests.repository';
import { awaitsDevice } from './request-status';

/**
 * Uploads that answer a footage request: the request is checked and locked when the upload
 * starts, names the upload's footage while it runs, and is fulfilled when the upload completes.
 */
@Injectable()
export class RequestUploads {
  constructor(private readonly requests: FootageRequestsRepository) {}

  /**
   * The request must be one of the caller's (its unit's device, or its facility's for an admin),
   * for the device the upload is from, and still awaiting the device; locked until the upload's
   * record is written, so a decline or another upload waits for it.
   */
  async check(
    m: EntityManager,
    actor: Actor,
    requestId: string,
    deviceId: string,
    now: Date,
  ): Promise<void> {
    const request = await this.requests.locked(m, requestId, now);
    const ours =
      request &&
      (actor.kind === 'device'
        ? request.unitId === actor.unitId
        : request.facilityId === actor.facilityId);
    if (!ours)
      throw AppError.invalid('requestId', 'is not a footage request of your unit or facility');
    if (request.deviceId !== deviceId)
      throw AppError.invalid('requestId', 'asks another device than deviceId for footage');
    if (!awaitsDevice(request.status))
      throw AppError.conflict(`The footage request is ${request.status}`, 'requestId');
  }

  /** The upload now answers the request (a later upload naming it takes over). */
  async started(m: EntityManager, requestId: string, footageId: string, now: Date): Promise<void> {
    await m.query(
      `UPDATE footage_requests SET footage_id = $2, upload_started_at = $3 WHERE id = $1`,
      [requestId, footageId, now],
    );
  }

  /** The requests the completed upload fulfils, with the incidents to link the footage to. */
  async completed(
    m: EntityManager,
    footageId: string,
    now: Date,
  ): Promise<Array<{ requestId: string; incidentId: string }>> {
    const rows = (await m.query(
      `UPDATE footage_requests SET received_at = $2
        WHERE footage_id = $1 AND declined_at IS NULL RETURNING id, incident_id`,
      [footageId, now],
    )) as [Array<{ id: string; incident_id: string }>, number];
    return rows[0].map((r) => ({ requestId: r.id, incidentId: r.incident_id }));
  }
}
