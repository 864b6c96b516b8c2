/** Queue and job names with their payloads. Payloads carry ids only; handlers re-read the database. */
export enum QueueName {
  Maintenance = 'maintenance',
  AlertDelivery = 'alert-delivery',
  AlertEscalation = 'alert-escalation',
  AlertSms = 'alert-sms',
  Footage = 'footage',
  AlertPush = 'alert-push',
  Evidence = 'evidence',
}

export enum AlertJob {
  Deliver = 'DeliverAlert',
  Escalate = 'EscalateAlert',
  Text = 'TextAlert',
}

export enum PushJob {
  Alert = 'PushAlert',
  IncidentUpdate = 'PushIncidentUpdate',
}

export enum FootageJob {
  Verify = 'VerifyFootage',
  Recheck = 'RehashFootage',
}

export enum EvidenceJob {
  Build = 'BuildEvidencePackage',
}

export enum MaintenanceJob {
  PurgeExpiredSessions = 'PurgeExpiredSessions',
  PurgeExpiredIdempotencyKeys = 'PurgeExpiredIdempotencyKeys',
  VerifyPendingFootage = 'VerifyPendingFootage',
  AbortStaleUploads = 'AbortStaleUploads',
  ApplyFootageRetention = 'ApplyFootageRetention',
  FoldStatistics = 'FoldStatistics',
  RecheckFootage = 'RecheckFootage',
  ErasePersonalData = 'ErasePersonalData',
  AnchorAuditChain = 'AnchorAuditChain',
}

export interface JobPayloads {
  [AlertJob.Deliver]: { alertId: string };
  [AlertJob.Escalate]: { alertId: string };
  [AlertJob.Text]: { alertId: string };
  [MaintenanceJob.PurgeExpiredSessions]: Record<string, never>;
  [MaintenanceJob.PurgeExpiredIdempotencyKeys]: Record<string, never>;
  [FootageJob.Verify]: { footageId: string };
  [MaintenanceJob.VerifyPendingFootage]: Record<string, never>;
  [MaintenanceJob.AbortStaleUploads]: Record<string, never>;
  [MaintenanceJob.ApplyFootageRetention]: Record<string, never>;
  [MaintenanceJob.FoldStatistics]: Record<string, never>;
  [FootageJob.Recheck]: { footageId: string };
  [MaintenanceJob.RecheckFootage]: Record<string, never>;
  [MaintenanceJob.ErasePersonalData]: Record<string, never>;
  [MaintenanceJob.AnchorAuditChain]: Record<string, never>;
  [PushJob.Alert]: { alertId: string };
  [PushJob.IncidentUpdate]: { incidentId: string };
  [EvidenceJob.Build]: { packageId: string };
}

export type JobName = AlertJob | FootageJob | MaintenanceJob | PushJob | EvidenceJob;

/** The job names each queue carries; the worker starts only with exactly one handler for each. */
export const QUEUE_JOBS: Record<QueueName, readonly JobName[]> = {
  [QueueName.Maintenance]: Object.values(MaintenanceJob),
  [QueueName.AlertDelivery]: [AlertJob.Deliver],
  [QueueName.AlertEscalation]: [AlertJob.Escalate],
  [QueueName.AlertSms]: [AlertJob.Text],
  [QueueName.Footage]: Object.values(FootageJob),
  [QueueName.AlertPush]: Object.values(PushJob),
  [QueueName.Evidence]: Object.values(EvidenceJob),
};
