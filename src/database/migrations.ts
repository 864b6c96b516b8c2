import { Foundation1795400000000 } from '../../migrations/1795400000000-Foundation';
import { Incidents1795500000000 } from '../../migrations/1795500000000-Incidents';
import { AuditAppend1795600000000 } from '../../migrations/1795600000000-AuditAppend';
import { Alerting1795700000000 } from '../../migrations/1795700000000-Alerting';
import { Footage1795800000000 } from '../../migrations/1795800000000-Footage';
import { FootageLifecycle1795900000000 } from '../../migrations/1795900000000-FootageLifecycle';
import { Statistics1796000000000 } from '../../migrations/1796000000000-Statistics';
import { ConsoleOrder1796100000000 } from '../../migrations/1796100000000-ConsoleOrder';
import { LegalHoldHolder1796300000000 } from '../../migrations/1796300000000-LegalHoldHolder';
import { FootageRecheck1796310000000 } from '../../migrations/1796310000000-FootageRecheck';
import { AlertStatistics1796400000000 } from '../../migrations/1796400000000-AlertStatistics';
import { DeliveryChannels1796450000000 } from '../../migrations/1796450000000-DeliveryChannels';
import { PushSubscriptions1796500000000 } from '../../migrations/1796500000000-PushSubscriptions';
import { DutyRoster1796510000000 } from '../../migrations/1796510000000-DutyRoster';
import { Sos1796520000000 } from '../../migrations/1796520000000-Sos';
import { WebhookSecretOverlap1796530000000 } from '../../migrations/1796530000000-WebhookSecretOverlap';
import { EncryptPersonalData1796550000000 } from '../../migrations/1796550000000-EncryptPersonalData';
import { ReportAddenda1796551000000 } from '../../migrations/1796551000000-ReportAddenda';
import { PersonalDataRetention1796560000000 } from '../../migrations/1796560000000-PersonalDataRetention';
import { AccessTransparency1796570000000 } from '../../migrations/1796570000000-AccessTransparency';
import { MultiFactorSignIn1796580000000 } from '../../migrations/1796580000000-MultiFactorSignIn';
import { PasswordsAndSessions1796585000000 } from '../../migrations/1796585000000-PasswordsAndSessions';
import { VictimSupport1796590000000 } from '../../migrations/1796590000000-VictimSupport';
import { AccountDeactivatedBy1796595000000 } from '../../migrations/1796595000000-AccountDeactivatedBy';
import { IncidentEvents1796615000000 } from '../../migrations/1796615000000-IncidentEvents';
import { EventStatistics1796620000000 } from '../../migrations/1796620000000-EventStatistics';
import { EvidencePackages1796625000000 } from '../../migrations/1796625000000-EvidencePackages';
import { FootageRequests1796630000000 } from '../../migrations/1796630000000-FootageRequests';
import { SupportStatistics1796645000000 } from '../../migrations/1796645000000-SupportStatistics';
import { ConsoleNumbering1796650000000 } from '../../migrations/1796650000000-ConsoleNumbering';
import { RegionalStatistics1796660000000 } from '../../migrations/1796660000000-RegionalStatistics';

/** Listed explicitly so the same list works from src (tests) and dist (production). */
export const MIGRATIONS = [
  Foundation1795400000000,
  Incidents1795500000000,
  AuditAppend1795600000000,
  Alerting1795700000000,
  Footage1795800000000,
  FootageLifecycle1795900000000,
  Statistics1796000000000,
  ConsoleOrder1796100000000,
  LegalHoldHolder1796300000000,
  FootageRecheck1796310000000,
  AlertStatistics1796400000000,
  DeliveryChannels1796450000000,
  PushSubscriptions1796500000000,
  DutyRoster1796510000000,
  Sos1796520000000,
  WebhookSecretOverlap1796530000000,
  EncryptPersonalData1796550000000,
  ReportAddenda1796551000000,
  PersonalDataRetention1796560000000,
  AccessTransparency1796570000000,
  MultiFactorSignIn1796580000000,
  PasswordsAndSessions1796585000000,
  VictimSupport1796590000000,
  AccountDeactivatedBy1796595000000,
  IncidentEvents1796615000000,
  EventStatistics1796620000000,
  EvidencePackages1796625000000,
  FootageRequests1796630000000,
  SupportStatistics1796645000000,
  ConsoleNumbering1796650000000,
  RegionalStatistics1796660000000,
];
