/** Queue and job names with their payloads. Payloads carry ids only; handlers re-read the database. */
export enum QueueName {
  Maintenance = 'maintenance',
  AlertDelivery = 'alert-delivery',
  AlertEscalation = 'alert-escalation',
}

export enum AlertJob {
  Deliver = 'DeliverAlert',
  Escalate = 'EscalateAlert',
}

export enum MaintenanceJob {
  PurgeExpiredSessions = 'PurgeExpiredSessions',
  PurgeExpiredIdempotencyKeys = 'PurgeExpiredIdempotencyKeys',
}

export interface JobPayloads {
  [AlertJob.Deliver]: { alertId: string };
  [AlertJob.Escalate]: { alertId: string };
  [MaintenanceJob.PurgeExpiredSessions]: Record<string, never>;
  [MaintenanceJob.PurgeExpiredIdempotencyKeys]: Record<string, never>;
}
