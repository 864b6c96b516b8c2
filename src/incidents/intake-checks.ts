import { EntityManager, In } from 'typeorm';
import { Role, UserActor } from '../auth/roles';
import { classify } from '../classification/classifier';
import { AppError, ErrorCode } from '../common/app-error';
import { CreateIncidentDto } from './incident.dto';
import { User } from '../users/user.entity';
import { IntakeContext } from './intake.queries';

/** Reports may be filed a little ahead of the server's clock (phones drift) but not from the future. */
const CLOCK_SKEW_MS = 5 * 60_000;
const OLDEST_REPORT_MS = 366 * 24 * 3600_000;

/** The facility exists and is the reporter's; the unit, if named, is one of its units. */
export function checkPlace(
  context: IntakeContext | null,
  dto: CreateIncidentDto,
  actor: UserActor,
): asserts context is IntakeContext {
  if (!context) throw AppError.invalid('facilityId', 'is not a known facility', 'unknown_facility');
  if (actor.role !== Role.Admin && actor.facilityId !== dto.facilityId) {
    throw new AppError(ErrorCode.Forbidden, 'You may report only for your own facility', [
      { field: 'facilityId', message: 'is not your facility', code: 'not_allowed' },
    ]);
  }
  if (dto.unitId && !context.unitFound)
    throw AppError.invalid('unitId', 'is not a known unit', 'unknown_unit');
  if (dto.unitId && context.unitFacilityId !== dto.facilityId)
    throw AppError.invalid('unitId', 'belongs to another facility', 'unit_of_other_facility');
}

/**
 * The report's category under the rule set in force, a recorded state of emergency overriding
 * what the form says; the same for filing and for the form's preview.
 */
export function classifyReport(
  dto: CreateIncidentDto,
  ruleSet: NonNullable<IntakeContext['ruleSet']>,
  emergency: IntakeContext['emergency'],
) {
  const duringStateOfEmergency = emergency !== null || dto.duringStateOfEmergency;
  const classification = classify(
    {
      kind: dto.kind,
      victims: dto.victims,
      perpetratorCount: dto.perpetrators.count,
      duringStateOfEmergency,
      emergencySource: emergency ? 'recorded' : dto.duringStateOfEmergency ? 'reported' : 'none',
      emergencyDescription: emergency?.description,
    },
    ruleSet.definition,
  );
  return { classification, duringStateOfEmergency };
}

/** Checks that need no database, done before a transaction is opened. */
export function checkTimes(dto: CreateIncidentDto, now: number): void {
  const occurredAt = new Date(dto.occurredAt).getTime();
  if (occurredAt > now + CLOCK_SKEW_MS)
    throw AppError.invalid('occurredAt', 'must not be in the future', 'in_future');
  if (occurredAt < now - OLDEST_REPORT_MS) {
    throw AppError.invalid(
      'occurredAt',
      'must be within the last year; older events are reported to the police directly',
      'too_old',
    );
  }
  if ((dto.place.lat === undefined) !== (dto.place.lon === undefined)) {
    throw AppError.invalid(
      dto.place.lat === undefined ? 'place.lat' : 'place.lon',
      'is required together with the other coordinate',
      'required',
    );
  }
}

/**
 * A victim linked to an account names the reporter or an account of the report's facility. The
 * refusal is the same for an unknown id and for another facility's account, so a reporter cannot
 * learn whether some id is a user.
 */
export async function checkVictimAccounts(
  m: EntityManager,
  dto: CreateIncidentDto,
  actor: UserActor,
): Promise<void> {
  const ids = dto.victims.map((v) => v.userId).filter((id): id is string => Boolean(id));
  if (ids.length === 0) return;
  const colleagues = await m.findBy(User, { id: In(ids), facilityId: dto.facilityId });
  const allowed = new Set([actor.id, ...colleagues.map((u) => u.id)]);
  dto.victims.forEach((v, i) => {
    if (v.userId && !allowed.has(v.userId))
      throw AppError.invalid(
        `victims[${i}].userId`,
        'is not an account of this facility',
        'unknown_user',
      );
  });
}
