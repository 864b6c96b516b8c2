/** Queue and job names with their payloads. Payloads carry ids only; handlers re-read the database. */
export enum QueueName {
  Maintenance = 'maintenance',
}

export enum MaintenanceJob {
  PurgeExpiredSessions = 'PurgeExpiredSessions',
  PurgeExpiredIdempotencyKeys = 'PurgeExpiredIdempotencyKeys',
}

export interface JobPayloads {
  [MaintenanceJob.PurgeExpiredSessions]: Record<string, never>;
  [MaintenanceJob.PurgeExpiredIdempotencyKeys]: Record<string, never>;
}
