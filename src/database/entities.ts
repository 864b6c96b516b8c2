import { Alert } from '../alerts/alert.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { Session } from '../auth/session.entity';
import { Emergency } from '../classification/emergency.entity';
import { RuleSet } from '../classification/rule-set.entity';
import { UnitApiKey } from '../auth/unit-api-key.entity';
import { Device } from '../directory/device.entity';
import { Facility } from '../directory/facility.entity';
import { PolicePost, PolicePostFacility } from '../directory/police-post.entity';
import { Region } from '../directory/region.entity';
import { Unit } from '../directory/unit.entity';
import { Footage } from '../footage/footage.entity';
import { IdempotencyKey } from '../incidents/idempotency-key.entity';
import { Incident, IncidentHistory, IncidentVictim } from '../incidents/incident.entity';
import { PoliceShift } from '../roster/police-shift.entity';
import { Sos } from '../sos/sos.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [
  Region,
  Facility,
  PolicePost,
  PolicePostFacility,
  Unit,
  Device,
  User,
  Session,
  UnitApiKey,
  AuditEntry,
  RuleSet,
  Emergency,
  Incident,
  IncidentVictim,
  IncidentHistory,
  Alert,
  IdempotencyKey,
  Footage,
  Sos,
  PoliceShift,
];
