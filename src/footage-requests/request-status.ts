import { LONGEST_REQUEST_POLL_SECONDS } from '../config/app-config';

/**
 * Where a footage request stands. `open`: the device's gateway has not answered yet; `uploading`:
 * it is sending the window; `received`: the file is in the bucket, its bytes not yet checked;
 * `verified`: the worker checked them; `declined`: the gateway said why it cannot send it;
 * `expired`: nothing arrived and nobody declined before the request's end.
 */
export const REQUEST_STATUSES = [
  'open',
  'uploading',
  'received',
  'verified',
  'declined',
  'expired',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Why a gateway cannot send a window. */
export const DECLINE_REASONS = ['not_recorded', 'overwritten', 'device_offline'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export interface RequestFacts {
  declinedAt: Date | null;
  expiresAt: Date;
  /** The footage the latest upload naming the request made, as it stands now; null when none. */
  footage: { status: string; verifiedAt: Date | null } | null;
}

/**
 * The request's status at `now`. A file that failed verification fulfils nothing: the request is
 * open again until it expires, so the gateway may send the window once more. A file that arrives
 * after the end still fulfils it; an upload still running at the end does not hold it open.
 */
export function requestStatus(r: RequestFacts, now: Date): RequestStatus {
  if (r.declinedAt) return 'declined';
  if (r.footage?.verifiedAt) return 'verified';
  if (r.footage?.status === 'stored') return 'received';
  if (now.getTime() >= r.expiresAt.getTime()) return 'expired';
  if (r.footage?.status === 'uploading') return 'uploading';
  return 'open';
}

/** What a gateway still has to answer: it may upload (again) or decline. */
export function awaitsDevice(status: RequestStatus): boolean {
  return status === 'open' || status === 'uploading';
}

/** The incident's window: `minutes` before and after the time it happened. */
export function windowAround(occurredAt: Date, minutes: number): { from: Date; to: Date } {
  const ms = minutes * 60_000;
  return { from: new Date(occurredAt.getTime() - ms), to: new Date(occurredAt.getTime() + ms) };
}

/** The longest a gateway's poll is held open, in seconds. */
export const MAX_WAIT_SECONDS = LONGEST_REQUEST_POLL_SECONDS;

/**
 * How long to hold a poll that asked to wait `asked` seconds (none: answer at once), at most
 * `longest` (the deployment's setting, itself at most MAX_WAIT_SECONDS).
 */
export function waitSeconds(asked: number | undefined, longest = MAX_WAIT_SECONDS): number {
  if (!asked || asked < 0) return 0;
  return Math.min(asked, longest, MAX_WAIT_SECONDS);
}
